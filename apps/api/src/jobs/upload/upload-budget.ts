import type { Request } from 'express';

/**
 * Bytes the files of one request may take in all (a client key's `max_upload_mb`,
 * docs/quotas.md). Set on the request before multipart parsing; the disk storage counts every
 * chunk against it and fails the upload at the first byte over, so a chunked body without a
 * Content-Length is cut as early as one with it.
 */
export interface UploadBudget {
  limit: number;
  used: number;
  error(): Error;
}

export type BudgetedRequest = Request & { uploadBudget?: UploadBudget };

/** Counts `bytes` against the request's budget; the error to fail with when it is spent. */
export function spendUpload(req: Request, bytes: number): Error | null {
  const budget = (req as BudgetedRequest).uploadBudget;
  if (!budget) return null;
  budget.used += bytes;
  return budget.used > budget.limit ? budget.error() : null;
}
