import { UnrecoverableError, type Job, type JobsOptions, type Queue } from 'bullmq';
import {
  parseWebhookDeliveryPayload,
  signWebhook,
  WEBHOOK_DELIVERY_JOB_NAME,
  type WebhookDeliveryPayload,
} from '@remote-ocr/contracts';
import {
  sendWebhook,
  type WebhookAttemptResult,
  type WebhookSendOptions,
} from './webhook-sender.js';

/**
 * Delivery of one webhook through the `webhook-deliveries` BullMQ queue (docs/webhooks.md).
 * BullMQ keeps the attempt count and the delay between attempts, so a killed worker's delivery is
 * picked up again by another one (its lock expires) with the same payload and `webhook-id`:
 * at-least-once. Our backoff strategy spaces attempts by a configurable schedule with jitter and
 * honours `Retry-After`; a 410 disables the signer's endpoint and ends the delivery.
 */

export type WebhookAttemptOutcome = 'delivered' | 'retrying' | 'failed' | 'gone';

export interface WebhookAttemptRecord extends WebhookAttemptResult {
  webhookId: string;
  attempt: number;
  outcome: WebhookAttemptOutcome;
  at: string;
}

/** Where the processor gets secrets and writes what happened (a table, in the server). */
export interface WebhookDeliveryStore {
  /** Secrets signing for `signer` (current first, then one in its rotation overlap); null = disabled. */
  secretsFor(signer: string): Promise<string[] | null>;
  recordAttempt(record: WebhookAttemptRecord): Promise<void>;
  /** The receiver answered 410 Gone: stop sending to it. */
  disable(signer: string): Promise<void>;
}

export interface WebhookDeliverySettings extends WebhookSendOptions {
  /** Seconds to wait after failed attempt n (index n-1); its length + 1 = attempts in all. */
  retryScheduleS: readonly number[];
  /** ± fraction applied to every delay, so receivers recovering from an outage are not stampeded. */
  jitter: number;
  /** `Retry-After` values above this are capped, ms. */
  maxRetryAfterMs: number;
}

/** Thrown for an attempt worth retrying; carries the receiver's `Retry-After`. */
export class WebhookRetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
    this.name = 'WebhookRetryableError';
  }
}

export const WEBHOOK_BACKOFF_TYPE = 'webhook';

/** BullMQ options of a delivery: job id = webhook-id, so the same event is never queued twice. */
export function webhookJobOptions(
  payload: WebhookDeliveryPayload,
  scheduleLength: number,
): JobsOptions {
  return {
    jobId: payload.webhookId,
    attempts: scheduleLength + 1,
    backoff: { type: WEBHOOK_BACKOFF_TYPE },
    removeOnComplete: { age: 7 * 24 * 3600, count: 10000 },
    removeOnFail: { age: 14 * 24 * 3600, count: 10000 },
  };
}

export async function enqueueWebhook(
  queue: Queue,
  data: WebhookDeliveryPayload,
  scheduleLength: number,
  /** A throttled `job.progress` waits for the end of its endpoint's interval. */
  delayMs = 0,
): Promise<void> {
  const payload = parseWebhookDeliveryPayload(data);
  await queue.add(
    WEBHOOK_DELIVERY_JOB_NAME,
    { ...payload },
    { ...webhookJobOptions(payload, scheduleLength), ...(delayMs > 0 ? { delay: delayMs } : {}) },
  );
}

/** The delay before the next attempt (the Worker's `settings.backoffStrategy`). */
export function webhookBackoff(settings: WebhookDeliverySettings, random = Math.random) {
  return (attemptsMade: number, _type?: string, error?: Error): number => {
    if (error instanceof WebhookRetryableError && error.retryAfterMs !== null) {
      return Math.min(error.retryAfterMs, settings.maxRetryAfterMs);
    }
    const schedule = settings.retryScheduleS;
    const base = schedule[Math.min(attemptsMade, schedule.length) - 1] ?? schedule.at(-1) ?? 60;
    const factor = 1 + settings.jitter * (2 * random() - 1);
    return Math.max(0, Math.round(base * 1000 * factor));
  };
}

function outcomeOf(result: WebhookAttemptResult, last: boolean): WebhookAttemptOutcome {
  const status = result.statusCode;
  if (status !== null && status >= 200 && status < 300) return 'delivered';
  if (status === 410) return 'gone';
  return last ? 'failed' : 'retrying';
}

/** The receiver answered 410 earlier (or the job is gone): the log says so, nothing is sent. */
async function recordDisabled(
  job: Job,
  payload: WebhookDeliveryPayload,
  store: WebhookDeliveryStore,
): Promise<void> {
  await store.recordAttempt({
    statusCode: null,
    latencyMs: 0,
    retryAfterMs: null,
    detail: 'disabled',
    webhookId: payload.webhookId,
    attempt: job.attemptsMade + 1,
    outcome: 'failed',
    at: new Date().toISOString(),
  });
}

/** Processes one attempt of a delivery job; throws to make BullMQ retry or give up. */
export async function processWebhookJob(
  job: Job,
  store: WebhookDeliveryStore,
  settings: WebhookDeliverySettings,
): Promise<WebhookAttemptOutcome> {
  const payload = parseWebhookDeliveryPayload(job.data);
  const secrets = await store.secretsFor(payload.signer);
  if (!secrets || secrets.length === 0) {
    // Best effort: when the job was deleted its delivery row went with it, and there is nothing
    // left to log into; the delivery must still end here rather than retry for a day.
    await recordDisabled(job, payload, store).catch(() => undefined);
    throw new UnrecoverableError('webhook endpoint disabled');
  }
  const headers = await signWebhook(secrets, payload.webhookId, Date.now() / 1000, payload.body);
  const result = await sendWebhook(
    { url: payload.url, headers: { ...headers }, body: payload.body },
    settings,
  );
  const attempt = job.attemptsMade + 1;
  const outcome = outcomeOf(result, attempt >= (job.opts.attempts ?? 1));
  await store.recordAttempt({
    ...result,
    webhookId: payload.webhookId,
    attempt,
    outcome,
    at: new Date().toISOString(),
  });
  if (outcome === 'delivered') return outcome;
  if (outcome === 'gone') {
    await store.disable(payload.signer);
    throw new UnrecoverableError('receiver answered 410 Gone; endpoint disabled');
  }
  const why = result.statusCode === null ? result.detail : `HTTP ${result.statusCode}`;
  throw new WebhookRetryableError(
    `delivery attempt ${attempt} failed: ${why}`,
    result.retryAfterMs,
  );
}
