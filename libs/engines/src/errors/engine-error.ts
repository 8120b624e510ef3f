import { DomainError } from '@remote-ocr/contracts';

/**
 * Why an engine call failed. Retryable: `rate_limited` (429), `server_error` (5xx), `timeout`
 * (our per-call timeout or 408), `network` (refused/reset/DNS), `bad_response` (unparseable or
 * empty answer), `lease_lost` (our concurrency lease expired mid-call). Permanent: `auth`
 * (401/403), `payment_required` (402), `invalid_request` (other 4xx), `poll_timeout` (Datalab kept
 * processing past the poll limit: re-submitting would be billed again), `job_failed` (Datalab
 * reported `failed`), `misconfigured` (e.g. a missing OCR language file, an engine URL that
 * redirects), `limiter_timeout` (no slot within the wait limit), `aborted` (the caller's
 * signal: never retried).
 */
export type EngineErrorReason =
  | 'rate_limited'
  | 'server_error'
  | 'timeout'
  | 'network'
  | 'bad_response'
  | 'lease_lost'
  | 'auth'
  | 'payment_required'
  | 'invalid_request'
  | 'poll_timeout'
  | 'job_failed'
  | 'limiter_timeout'
  | 'misconfigured'
  | 'aborted';

const RETRYABLE: ReadonlySet<EngineErrorReason> = new Set([
  'rate_limited',
  'server_error',
  'timeout',
  'network',
  'bad_response',
  'lease_lost',
]);

// "unavailable" = the engine cannot serve anyone right now; "failed" = this request went wrong.
const UNAVAILABLE: ReadonlySet<EngineErrorReason> = new Set([
  'rate_limited',
  'server_error',
  'timeout',
  'network',
  'auth',
  'payment_required',
  'limiter_timeout',
  'misconfigured',
]);

export interface EngineErrorInit {
  engine: string;
  status?: number;
  retryAfterMs?: number;
  cause?: unknown;
}

/** A classified engine failure. `code` is the DomainError code; `reason` the finer cause. */
export class EngineError extends DomainError {
  override readonly retryable: boolean;
  readonly engine: string;
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor(
    readonly reason: EngineErrorReason,
    message: string,
    init: EngineErrorInit,
  ) {
    super(UNAVAILABLE.has(reason) ? 'engine_unavailable' : 'engine_failed', message, {
      reason,
      engine: init.engine,
      status: init.status,
    });
    this.retryable = RETRYABLE.has(reason);
    this.engine = init.engine;
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
    if (init.cause !== undefined) this.cause = init.cause;
  }
}

/** Reason for an HTTP error status (only called for non-2xx). */
export function reasonForStatus(status: number): EngineErrorReason {
  if (status === 429) return 'rate_limited';
  if (status === 401 || status === 403) return 'auth';
  if (status === 402) return 'payment_required';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server_error';
  return 'invalid_request';
}

/** True when `err` is an EngineError raised because the caller aborted. */
export function isAbortError(err: unknown): boolean {
  return err instanceof EngineError && err.reason === 'aborted';
}
