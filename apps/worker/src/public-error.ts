import { DomainError } from '@remote-ocr/contracts';

/** What a client reads in `error_message` when the failure was not one of ours. */
export const INTERNAL_JOB_ERROR =
  'The job failed on an internal error; the operator finds the details in the worker log';

/**
 * The `error_message` of a failed job. Domain errors carry messages we wrote for users (an
 * unreadable PDF, a missing file, a time limit). Anything else is raw internal text — a driver's
 * "connect ECONNREFUSED 10.0.3.7:5432", a path under the data dir, a stack — that tells an outsider
 * about the deployment, so it is replaced by a stable message and kept in the log only.
 */
export function publicErrorMessage(error: unknown): string {
  if (error instanceof DomainError) return error.message;
  return INTERNAL_JOB_ERROR;
}
