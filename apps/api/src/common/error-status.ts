import { DomainError, type ErrorBody, type ErrorCode } from '@remote-ocr/contracts';

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_pdf: 400,
  invalid_blocks: 400,
  invalid_state: 400,
  engine_not_configured: 400,
  payload_too_large: 413,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  idempotency_key_reused: 422,
  request_in_progress: 409,
  queue_full: 503,
  quota_exceeded: 429,
  database_unavailable: 503,
  storage_failed: 503,
  engine_unavailable: 503,
  engine_failed: 502,
  job_timeout: 500,
  job_cancelled: 409,
  internal: 500,
};

/** Connection-level failures of Postgres/Redis/S3: the service is unavailable, not broken. */
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const UNAVAILABLE_PG = /^(08\d{3}|57P0[1-3]|53300)$/;

export interface MappedError {
  status: number;
  body: ErrorBody;
}

function isUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_ERRNOS.has(code) || UNAVAILABLE_PG.test(code)))
    return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Connection is closed/i.test(
    message,
  );
}

/**
 * A write that references a job row deleted meanwhile (a restart or retry racing a delete) breaks
 * a foreign key: for the client the job is simply gone.
 */
const isDeletedJobReference = (error: unknown): boolean => {
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return code === '23503' && typeof constraint === 'string' && /job_id|jobs/.test(constraint);
};

/** Maps a domain or infrastructure error to an HTTP status and `{detail, code}` body. */
export function mapDomainError(error: unknown): MappedError | null {
  if (error instanceof DomainError) {
    return { status: STATUS_BY_CODE[error.code], body: error.toJSON() };
  }
  if (isDeletedJobReference(error)) {
    return { status: 404, body: { detail: 'Job not found', code: 'not_found' } };
  }
  if (isUnavailable(error)) {
    return {
      status: 503,
      body: {
        detail:
          'Service temporarily unavailable: a backing service (database, queue or storage) is unreachable',
        code: 'database_unavailable',
      },
    };
  }
  return null;
}
