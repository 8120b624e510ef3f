import { ERROR_CLASSES } from './error-classes.js';

/** Machine codes carried next to `detail` in error bodies and across worker → api. */
export const ERROR_CODES = [
  'validation_failed',
  'invalid_pdf',
  'invalid_blocks',
  'payload_too_large',
  'unauthorized',
  'not_found',
  'conflict',
  'idempotency_key_reused',
  'request_in_progress',
  'invalid_state',
  'engine_not_configured',
  'queue_full',
  'quota_exceeded',
  'engine_unavailable',
  'engine_failed',
  'storage_failed',
  'database_unavailable',
  'job_timeout',
  'job_cancelled',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The JSON body of every error response: `{"detail": …}` plus a machine `code`. */
export interface ErrorBody {
  detail: string;
  code?: ErrorCode;
}

/**
 * Base of domain errors: a human message, a machine code, the HTTP status the api answers with and
 * whether trying again may help (from ERROR_CLASSES; a subclass may decide `retryable` per error,
 * as EngineError does). Repositories and engines wrap infrastructure failures into these at their
 * boundary, so the api's filter and the worker's retry decision read nothing else.
 */
export class DomainError extends Error {
  readonly retryable: boolean;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
    this.retryable = ERROR_CLASSES[code].retryable;
  }

  get httpStatus(): number {
    return ERROR_CLASSES[this.code].httpStatus;
  }

  toJSON(): ErrorBody {
    return { detail: this.message, code: this.code };
  }
}
