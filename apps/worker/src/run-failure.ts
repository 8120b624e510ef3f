import type { ErrorCode } from '@remote-ocr/contracts';
import { toDomainError } from '@remote-ocr/storage';

/** What a failed run records, and whether BullMQ should try it again. */
export interface RunFailure {
  code: ErrorCode;
  retryable: boolean;
}

/**
 * The worker's retry decision, read only from the error taxonomy (libs/contracts
 * error-classes.ts, EngineError.retryable, storage's toDomainError): a permanent domain error
 * fails the job now; infrastructure trouble and unknown errors (`internal`) are tried again.
 */
export function classifyRunFailure(error: unknown): RunFailure {
  const domain = toDomainError(error);
  return domain
    ? { code: domain.code, retryable: domain.retryable }
    : { code: 'internal', retryable: true };
}
