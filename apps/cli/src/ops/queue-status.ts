import type { JobRecord, JobStatus } from '@remote-ocr/contracts';
import type { Job } from 'bullmq';
import type { OpsContext } from './ops-context.js';

/** The job row next to a queue entry (null when the database no longer has the job). */
export interface DbView {
  status: JobStatus;
  progress: number;
  documentName: string;
  engine: string;
  attempts: number;
  errorMessage: string | null;
  updatedAt: string;
}

export interface QueueEntryView {
  id: string;
  state: string;
  attemptsMade: number;
  failedReason: string | null;
  enqueuedAt: string | null;
  startedAt: string | null;
  db: DbView | null;
}

/** `queue status`: what Celery's `inspect active/reserved` showed, plus our job state. */
export interface QueueStatus {
  queue: { name: string; prefix: string };
  counts: Record<string, number>;
  active: QueueEntryView[];
  waiting: QueueEntryView[];
  delayed: QueueEntryView[];
  failed: QueueEntryView[];
  database: Record<JobStatus, number>;
}

const iso = (ms: number | undefined): string | null => (ms ? new Date(ms).toISOString() : null);

export function dbView(job: JobRecord | null): DbView | null {
  if (!job) return null;
  return {
    status: job.status,
    progress: job.progress,
    documentName: job.documentName,
    engine: job.engine,
    attempts: job.attempts,
    errorMessage: job.errorMessage,
    updatedAt: job.updatedAt.toISOString(),
  };
}

async function entries(ctx: OpsContext, states: string[], limit: number) {
  const jobs = (await ctx.queue.getJobs(states as never, 0, limit - 1, true)) as Job[];
  return Promise.all(
    jobs
      .filter((j): j is Job & { id: string } => typeof j?.id === 'string')
      .map(async (j) => ({
        id: j.id,
        state: await j.getState(),
        attemptsMade: j.attemptsMade,
        failedReason: j.failedReason || null,
        enqueuedAt: iso(j.timestamp),
        startedAt: iso(j.processedOn),
        db: dbView(await ctx.store.jobs.get(j.id)),
      })),
  );
}

/** Reads the queue and the database; `limit` caps each list (the counts are always complete). */
export async function queueStatus(ctx: OpsContext, limit = 50): Promise<QueueStatus> {
  const counts = await ctx.queue.getJobCounts(
    'active',
    'waiting',
    'prioritized',
    'delayed',
    'failed',
    'completed',
  );
  return {
    queue: { name: ctx.queue.name, prefix: ctx.queue.opts.prefix ?? 'bull' },
    counts,
    active: await entries(ctx, ['active'], limit),
    waiting: await entries(ctx, ['waiting', 'prioritized'], limit),
    delayed: await entries(ctx, ['delayed'], limit),
    failed: await entries(ctx, ['failed'], limit),
    database: await ctx.store.jobs.countByStatus(),
  };
}
