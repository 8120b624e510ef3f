import { WARNING_FLAGS } from '@remote-ocr/ocr-core';
import type { JobStore } from '@remote-ocr/storage';

/** What `POST /jobs/{id}/retry-failed` re-runs (docs/confidence.md). */
export interface RetryOptions {
  /** Also the done blocks with a warning flag (`?include_flagged=true`). */
  includeFlagged: boolean;
  /** Model for the re-run: becomes the job's text, table and image model. */
  model?: string;
}

/**
 * Clears the results the re-run must redo: failed blocks, plus flagged ones when asked; with a
 * model, the job's models become it so the re-run reads with it. Returns how many were cleared.
 */
export async function resetForRetry(
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
