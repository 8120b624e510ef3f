import { DomainError, type JobRecord } from '@remote-ocr/contracts';
import { WARNING_FLAGS } from '@remote-ocr/ocr-core';
import type { JobStore } from '@remote-ocr/storage';
import type { JobPorts } from './job-ports.js';

/** What a retry of failed blocks re-runs (docs/confidence.md). */
export interface RetryOptions {
  /** Also the done blocks with a warning flag (`?include_flagged=true`). */
  includeFlagged: boolean;
  /** Model for the re-run: becomes the job's text, table and image model. */
  model?: string;
}

const invalidState = (message: string): DomainError => new DomainError('invalid_state', message);

/**
 * Clears the results the re-run must redo: failed blocks, plus flagged ones when asked; with a
 * model, the job's models become it so the re-run reads with it. Returns how many were cleared.
 */
async function resetForRetry(
  store: JobStore,
  jobId: string,
  options: RetryOptions,
): Promise<number> {
  const failed = await store.blockResults.resetFailed(jobId);
  const flagged = options.includeFlagged
    ? await store.blockResults.resetFlagged(jobId, WARNING_FLAGS)
    : 0;
  if (options.model) {
    const model = options.model;
    await store.settings.upsert(jobId, { textModel: model, tableModel: model, imageModel: model });
  }
  return failed + flagged;
}

/**
 * Runs the failed (and, when asked, flagged) blocks of a finished job again: their results are
 * cleared, the job goes back to `queued` and a `failed-only` run is enqueued, which skips every
 * block whose checkpoint is still there.
 * @throws DomainError `invalid_state` for an unfinished job, or a done job with nothing to redo
 */
export async function retryFailedBlocks(
  ports: Pick<JobPorts, 'store' | 'fair'>,
  job: JobRecord,
  options: RetryOptions = { includeFlagged: false },
): Promise<JobRecord> {
  if (job.status !== 'done' && job.status !== 'error') {
    throw invalidState(`Only finished jobs can retry failed blocks, status: ${job.status}`);
  }
  const reset = await resetForRetry(ports.store, job.id, options);
  if (reset === 0 && job.status === 'done')
    throw invalidState(`Job has no failed${options.includeFlagged ? ' or flagged' : ''} blocks`);
  const queued = await ports.store.jobs.transition(job.id, ['done', 'error'], 'queued', {
    errorMessage: null,
    errorCode: null,
  });
  if (!queued) {
    const now = await ports.store.jobs.get(job.id);
    throw invalidState(`Cannot retry job in status: ${now?.status ?? job.status}`);
  }
  await ports.fair.enqueue(queued, 'failed-only');
  return queued;
}
