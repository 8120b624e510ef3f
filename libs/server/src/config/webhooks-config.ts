import { WEBHOOK_RETRY_SCHEDULE_S } from '@remote-ocr/contracts';
import type { NewWebhookEndpoint } from '@remote-ocr/storage';
import { parseStaticEndpoints } from '../webhooks/endpoint-input.js';
import type { Environment } from './environment.js';

/** Webhook delivery settings (docs/webhooks.md). */
export interface WebhooksConfig {
  /** Loopback/private/link-local targets allowed (`WEBHOOK_ALLOW_PRIVATE`). */
  allowPrivate: boolean;
  /** Seconds after each failed attempt; attempts in all = its length + 1. */
  retryScheduleS: number[];
  timeoutMs: number;
  claimIdleMs: number;
  /** Bytes of a receiver's answer kept for the delivery log. */
  maxResponseBytes: number;
  jitter: number;
  maxRetryAfterMs: number;
  /** `WEBHOOK_ENDPOINTS`: operator endpoints defined in the environment (read-only over HTTP). */
  staticEndpoints: NewWebhookEndpoint[];
}

export function webhooksConfig(e: Environment): WebhooksConfig {
  return {
    allowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
    retryScheduleS: e.WEBHOOK_RETRY_SCHEDULE_S
      ? e.WEBHOOK_RETRY_SCHEDULE_S.split(',').map(Number)
      : [...WEBHOOK_RETRY_SCHEDULE_S],
    timeoutMs: e.WEBHOOK_TIMEOUT_MS,
    claimIdleMs: e.WEBHOOK_CLAIM_IDLE_MS,
    maxResponseBytes: 1024,
    jitter: 0.2,
    maxRetryAfterMs: 24 * 3600 * 1000,
    staticEndpoints: parseStaticEndpoints(e.WEBHOOK_ENDPOINTS),
  };
}

/** `WEBHOOK_ENDPOINTS` problems for the boot-time list (the message never holds a secret). */
export function staticEndpointProblems(raw: string | undefined): string[] {
  try {
    parseStaticEndpoints(raw);
    return [];
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}
