import type { ErrorCode } from '@remote-ocr/contracts';

/** Any answer of the server that is not 2xx: its status, `detail` and machine `code`. */
export class OcrApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly code: ErrorCode | undefined,
  ) {
    super(`${status} ${detail}`);
    this.name = new.target.name;
  }
}

/** 400: a bad input; `detail` names the problem. */
export class OcrValidationError extends OcrApiError {}
/** 401: missing or wrong `X-API-Key`. */
export class OcrUnauthorizedError extends OcrApiError {}
/** 404: unknown job (or one of another client). */
export class OcrNotFoundError extends OcrApiError {}
/** 409: a conflicting state, or an Idempotency-Key whose first request still runs. */
export class OcrConflictError extends OcrApiError {}
/** 413: an upload over the server's limit. */
export class OcrPayloadTooLargeError extends OcrApiError {}
/** 422: an Idempotency-Key reused with a different request. */
export class OcrIdempotencyError extends OcrApiError {}
/** 429: the key's client is over one of its limits (docs/quotas.md); the answer says until when. */
export class OcrQuotaExceededError extends OcrApiError {}
/** 5xx: the server or a service behind it is unavailable; retried for idempotent calls. */
export class OcrServerError extends OcrApiError {}

/** The request never got an answer (connection refused or reset, timeout). */
export class OcrNetworkError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OcrNetworkError';
  }
}

const BY_STATUS: Record<number, typeof OcrApiError> = {
  400: OcrValidationError,
  401: OcrUnauthorizedError,
  404: OcrNotFoundError,
  409: OcrConflictError,
  413: OcrPayloadTooLargeError,
  422: OcrIdempotencyError,
  429: OcrQuotaExceededError,
};

/** The typed error of an answer; the body is the server's `{detail, code}` when it sent one. */
export function errorOf(status: number, body: unknown): OcrApiError {
  const { detail, code } = (body ?? {}) as { detail?: unknown; code?: unknown };
  const text = typeof detail === 'string' ? detail : `HTTP ${status}`;
  const machine = typeof code === 'string' ? (code as ErrorCode) : undefined;
  const Type = BY_STATUS[status] ?? (status >= 500 ? OcrServerError : OcrApiError);
  return new Type(status, text, machine);
}
