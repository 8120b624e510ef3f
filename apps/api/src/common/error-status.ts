import type { ErrorBody } from '@remote-ocr/contracts';
import { toDomainError } from '@remote-ocr/storage';

export interface MappedError {
  status: number;
  body: ErrorBody;
}

/**
 * Maps a domain error, or an infrastructure failure storage classifies as one, to its HTTP status
 * and `{detail, code}` body (the table in libs/contracts error-classes.ts); `null` for the rest.
 */
export function mapDomainError(error: unknown): MappedError | null {
  const domain = toDomainError(error);
  return domain ? { status: domain.httpStatus, body: domain.toJSON() } : null;
}
