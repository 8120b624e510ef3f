import type { Job, JobsOptions, Queue } from 'bullmq';
import {
  OCR_JOB_NAME,
  OCR_JOB_OPTIONS,
  parseOcrJobPayload,
  type OcrJobPayload,
  type OcrRunMode,
} from '@remote-ocr/contracts';

export type EnqueueOutcome = 'added' | 'already-waiting' | 'running';

const FINISHED = new Set(['completed', 'failed']);

/**
 * Adds the OCR run of `jobId` with BullMQ job id = our job id, so a job is never queued twice.
 * A finished BullMQ job of an earlier run is removed first; a run still active (e.g. a pause that
 * its worker has not noticed yet) is left alone — the worker's sweeper enqueues the job again once
 * that run has ended and the database still says `queued`.
 */
export async function enqueueOcrJob(
  queue: Queue,
  jobId: string,
  mode: OcrRunMode = 'full',
): Promise<EnqueueOutcome> {
  const payload: OcrJobPayload = parseOcrJobPayload({ jobId, mode });
  const existing = (await queue.getJob(jobId)) as Job | undefined;
  if (existing) {
    const state = await existing.getState();
    if (state === 'active') return 'running';
    if (!FINISHED.has(state)) return 'already-waiting';
    await existing.remove();
  }
  const options: JobsOptions = { ...OCR_JOB_OPTIONS, jobId };
  await queue.add(OCR_JOB_NAME, { ...payload }, options);
  return 'added';
}

/** Removes a queued-but-not-started run (pause, delete); an active run is stopped by its worker. */
export async function dequeueOcrJob(queue: Queue, jobId: string): Promise<boolean> {
  const existing = (await queue.getJob(jobId)) as Job | undefined;
  if (!existing) return false;
  const state = await existing.getState();
  if (state === 'active') return false;
  await existing.remove();
  return true;
}

/** Jobs waiting for or holding a worker: what the `MAX_QUEUE_SIZE` admission check counts. */
export async function queueDepth(queue: Queue): Promise<number> {
  const counts = await queue.getJobCounts(
    'waiting',
    'active',
    'delayed',
    'prioritized',
    'waiting-children',
  );
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

/**
 * Waits until the run of `jobId` is no longer active (its worker noticed a pause/restart/delete in
 * the database and stopped), so the caller can clear or delete without racing the old run.
 * Returns false if it was still active after `timeoutMs`.
 */
export async function waitForRunToStop(
  queue: Queue,
  jobId: string,
  timeoutMs = 5000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await queue.getJob(jobId)) as Job | undefined;
    if (!job || (await job.getState()) !== 'active') return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
