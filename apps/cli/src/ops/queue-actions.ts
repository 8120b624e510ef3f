import type { OcrRunMode } from '@remote-ocr/contracts';
import { removeJobData, requeueOrphans } from '@remote-ocr/server';
import type { Job } from 'bullmq';
import type { OpsContext } from './ops-context.js';

/** What a command did to one job. */
export interface JobAction {
  id: string;
  action: 'paused' | 'deleted' | 'requeued' | 'retried' | 'removed' | 'skipped';
  reason?: string;
}

const PAGE = 1000;

async function removeEntry(ctx: OpsContext, id: string): Promise<boolean> {
  const entry = (await ctx.queue.getJob(id)) as Job | undefined;
  if (!entry) return true;
  // A worker took it meanwhile: BullMQ refuses to remove a locked job; the run sees the new status.
  return entry.remove().then(
    () => true,
    () => false,
  );
}

/**
 * `queue purge`: every job waiting for a worker (waiting/delayed queue entries, and `queued` jobs
 * the queue lost) stops waiting. By default each becomes `paused` — nothing is lost, and
 * `POST /jobs/{id}/resume` queues it again; `hard` deletes the job, its rows and stored files.
 * Running jobs are left alone (pause them through the api).
 */
export async function purgeQueue(ctx: OpsContext, hard = false): Promise<JobAction[]> {
  const entries = (await ctx.queue.getJobs(['waiting', 'prioritized', 'delayed'], 0, -1)) as Job[];
  const ids = new Set(entries.map((e) => e.id).filter((id): id is string => Boolean(id)));
  for (const job of await ctx.store.jobs.list({ status: ['queued'], limit: PAGE })) ids.add(job.id);
  const actions: JobAction[] = [];
  for (const id of ids) actions.push(await purgeOne(ctx, id, hard));
  return actions;
}

async function purgeOne(ctx: OpsContext, id: string, hard: boolean): Promise<JobAction> {
  if (hard) {
    await ctx.fair.dequeue(id);
    if (!(await removeEntry(ctx, id)))
      return { id, action: 'skipped', reason: 'started meanwhile' };
    await removeJobData(ctx, id);
    return { id, action: 'deleted' };
  }
  // Database first: a worker claiming the entry at this moment then finds `paused` and skips it.
  const paused = await ctx.store.jobs.transition(id, ['queued', 'processing'], 'paused');
  await ctx.fair.dequeue(id);
  await removeEntry(ctx, id);
  if (paused) return { id, action: 'paused' };
  const job = await ctx.store.jobs.get(id);
  return job
    ? { id, action: 'skipped', reason: `job is ${job.status}` }
    : { id, action: 'removed', reason: 'job no longer in the database' };
}

/**
 * `queue requeue-stuck`: the worker sweeper's reconciliation (libs/server
 * use-cases/requeue-orphans.ts) run once: `processing` jobs with no live queue entry, idle for at
 * least `minAgeMs`, and `queued` jobs the queue does not hold are enqueued again. They resume from
 * their checkpoints.
 */
export async function requeueStuck(ctx: OpsContext, minAgeMs = 60_000): Promise<JobAction[]> {
  const requeued = await requeueOrphans(ctx, { minAgeMs });
  return requeued.map(({ job, reason }) => ({ id: job.id, action: 'requeued', reason }));
}

/**
 * `queue retry-failed`: failed queue entries run again (fresh attempts, same run mode), their jobs
 * set back to `queued`. With `includeErrors`, jobs the database marks `error` are queued again too.
 * Finished blocks are not redone: the run resumes from the block checkpoints.
 */
export async function retryFailed(ctx: OpsContext, includeErrors = false): Promise<JobAction[]> {
  const failed = (await ctx.queue.getJobs(['failed'], 0, -1)) as Job[];
  const actions: JobAction[] = [];
  const seen = new Set<string>();
  for (const entry of failed) {
    if (!entry.id) continue;
    seen.add(entry.id);
    const mode = (entry.data as { mode?: OcrRunMode }).mode ?? 'full';
    actions.push(await retryOne(ctx, entry.id, mode, entry));
  }
  if (!includeErrors) return actions;
  for (const job of await ctx.store.jobs.list({ status: ['error'], limit: PAGE })) {
    if (!seen.has(job.id)) actions.push(await retryOne(ctx, job.id, 'full'));
  }
  return actions;
}

async function retryOne(
  ctx: OpsContext,
  id: string,
  mode: OcrRunMode,
  entry?: Job,
): Promise<JobAction> {
  const job = await ctx.store.jobs.get(id);
  if (!job) {
    await entry?.remove();
    return { id, action: 'removed', reason: 'job no longer in the database' };
  }
  const back = await ctx.store.jobs.transition(id, ['error', 'queued', 'processing'], 'queued', {
    progress: 0,
    errorMessage: null,
    errorCode: null,
    finishedAt: null,
  });
  if (!back) return { id, action: 'skipped', reason: `job is ${job.status}` };
  await ctx.fair.enqueue(back, mode);
  return { id, action: 'retried' };
}
