import type { ErrorCode } from './errors.js';

/** How every error code is answered and handled: the one table the api and the worker read. */
export interface ErrorClass {
  /** The api's HTTP status for it (docs/contract.md, errors). */
  httpStatus: number;
  /** Whether the same work may succeed when tried again (the worker's retry decision). */
  retryable: boolean;
}

const permanent = (httpStatus: number): ErrorClass => ({ httpStatus, retryable: false });
const transient = (httpStatus: number): ErrorClass => ({ httpStatus, retryable: true });

export const ERROR_CLASSES: Record<ErrorCode, ErrorClass> = {
  validation_failed: permanent(400),
  invalid_pdf: permanent(400),
  invalid_blocks: permanent(400),
  invalid_state: permanent(400),
  engine_not_configured: permanent(400),
  payload_too_large: permanent(413),
  unauthorized: permanent(401),
  not_found: permanent(404),
  conflict: permanent(409),
  idempotency_key_reused: permanent(422),
  request_in_progress: transient(409),
  queue_full: transient(503),
  quota_exceeded: transient(429),
  database_unavailable: transient(503),
  storage_failed: transient(503),
  engine_unavailable: transient(503),
  engine_failed: transient(502),
  job_timeout: permanent(500),
  job_cancelled: permanent(409),
  internal: transient(500),
};
