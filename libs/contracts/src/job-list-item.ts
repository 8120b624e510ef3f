import type { JobRecord } from './job-record.js';
import type { JobStatus } from './job-status.js';

/**
 * One element of the `GET /jobs` array (docs/contract.md §2), plus counters and an estimate that old clients
 * ignore. Stores may build this JSON themselves (Postgres does, see `JobRepository.listJson`);
 * `jobListItem` is the reference they must agree with.
 */
export interface JobListItem {
  id: string;
  status: JobStatus;
  progress: number;
  document_name: string;
  task_name: string;
  document_id: string;
  created_at: string;
  updated_at: string;
  error_message: string | null;
  blocks_total: number;
  blocks_done: number;
  blocks_failed: number;
  eta_seconds: number | null;
}

/** Progress share after which the time left is estimated (earlier estimates are noise). */
export const ETA_MIN_PROGRESS = 0.05;

/**
 * Seconds left for a processing job, extrapolated from the time since it started and its
 * progress; null when not processing or too early to tell.
 */
export function etaSeconds(job: JobRecord, now = Date.now()): number | null {
  if (job.status !== 'processing' || !job.startedAt) return null;
  if (!(job.progress > ETA_MIN_PROGRESS && job.progress < 1)) return null;
  const elapsed = (now - job.startedAt.getTime()) / 1000;
  return Math.max(0, Math.round((elapsed / job.progress) * (1 - job.progress)));
}

/** Extra fields old clients ignore, in every job answer: block counters and the time left. */
export function jobProgressFields(job: JobRecord, now = Date.now()) {
  return {
    blocks_total: job.blocksTotal,
    blocks_done: job.blocksDone,
    blocks_failed: job.blocksFailed,
    eta_seconds: etaSeconds(job, now),
  };
}

/** The `GET /jobs` element of a job. */
export function jobListItem(job: JobRecord, now = Date.now()): JobListItem {
  return {
    id: job.id,
    status: job.status,
    progress: job.progress,
    document_name: job.documentName,
    task_name: job.taskName,
    document_id: job.documentId,
    created_at: job.createdAt.toISOString(),
    updated_at: job.updatedAt.toISOString(),
    error_message: job.errorMessage,
    ...jobProgressFields(job, now),
  };
}
