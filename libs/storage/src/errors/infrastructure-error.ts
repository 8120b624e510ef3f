import { DomainError } from '@remote-ocr/contracts';

/** Connection-level failures of Postgres/Redis/S3: the service is unavailable, not broken. */
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** Postgres SQLSTATEs: connection exceptions, admin shutdown / crash, too many connections. */
const UNAVAILABLE_PG = /^(08\d{3}|57P0[1-3]|53300)$/;
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Connection is closed/i;

/** A backing service (database, queue or object store) could not be reached; worth a retry. */
class BackingServiceUnavailableError extends DomainError {
  constructor(cause: unknown) {
    super(
      'database_unavailable',
      'Service temporarily unavailable: a backing service (database, queue or storage) is unreachable',
    );
    this.cause = cause;
  }
}

/** A write referenced a job row deleted meanwhile (a restart or retry racing a delete). */
class JobGoneError extends DomainError {
  constructor(cause: unknown) {
    super('not_found', 'Job not found');
    this.cause = cause;
  }
}

function isUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_ERRNOS.has(code) || UNAVAILABLE_PG.test(code)))
    return true;
  return UNAVAILABLE_MESSAGE.test(error instanceof Error ? error.message : '');
}

/** Postgres 23503 on a job foreign key: for the caller the job is simply gone. */
function isDeletedJobReference(error: unknown): boolean {
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return code === '23503' && typeof constraint === 'string' && /job_id|jobs/.test(constraint);
}

/**
 * The one place that reads driver error codes (Postgres SQLSTATEs, socket errnos): a domain error
 * stays as it is, a known infrastructure failure becomes its domain error, anything else `null`
 * (a bug: the api answers 500, the worker retries).
 */
export function toDomainError(error: unknown): DomainError | null {
  if (error instanceof DomainError) return error;
  if (error === null || typeof error !== 'object') return null;
  if (isDeletedJobReference(error)) return new JobGoneError(error);
  if (isUnavailable(error)) return new BackingServiceUnavailableError(error);
  return null;
}
