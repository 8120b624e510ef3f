import { plainToInstance } from 'class-transformer';
import { IsString, IsUrl, Length, Matches, validateSync } from 'class-validator';
import { DomainError } from './errors.js';

/** The queue of webhook deliveries (docs/webhooks.md); BullMQ job id = the `webhook-id`. */
export const WEBHOOK_QUEUE = 'webhook-deliveries';
export const WEBHOOK_DELIVERY_JOB_NAME = 'deliver';

/**
 * Default retry schedule, seconds after each failed attempt: 12 attempts over ≈ 35 h, so even with
 * −20 % jitter on every step the last one comes more than 24 h after the first.
 */
export const WEBHOOK_RETRY_SCHEDULE_S: readonly number[] = [
  5,
  30,
  120,
  600,
  1800,
  3600,
  3 * 3600,
  6 * 3600,
  8 * 3600,
  8 * 3600,
  8 * 3600,
];

/**
 * One delivery: the same payload (and so the same `webhook-id` and body) on every attempt, so a
 * receiver can drop duplicates. Secrets are not carried here; the processor looks them up.
 */
export class WebhookDeliveryPayload {
  /** The `webhook-id` header: `msg_` + a unique id, identical on every retry. */
  @Matches(/^msg_[A-Za-z0-9_-]{8,100}$/)
  webhookId!: string;

  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  url!: string;

  /** Whose secrets sign it (an endpoint id, or `job:<id>` for a job's own `callback_url`). */
  @IsString()
  @Length(1, 200)
  signer!: string;

  /** The JSON body, exactly as sent. */
  @IsString()
  @Length(2, 65536)
  body!: string;
}

export function parseWebhookDeliveryPayload(data: unknown): WebhookDeliveryPayload {
  const payload = plainToInstance(WebhookDeliveryPayload, data ?? {});
  const errors = validateSync(payload, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    const why = errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; ');
    throw new DomainError('validation_failed', `Invalid webhook delivery payload: ${why}`);
  }
  return payload;
}
