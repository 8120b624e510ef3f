import type { JobRecord } from '@remote-ocr/contracts';
import type { Job } from 'bullmq';
import type { JobPorts } from './job-ports.js';

/** A `processing` job with no live queue entry for this long is considered orphaned. */
const ORPHAN_AFTER_MS = 60_000;

/** Queue states whose entries still lead to a run. */
const LIVE_QUEUE_STATES: ReadonlySet<string> = new Set([
  'active',
  'waiting',
  'delayed',
  'prioritized',
  'waiting-children',
]);

const PAGE = 1000;

/** A job put back on the queue, and why. */
export interface RequeuedJob {
  job: JobRecord;
  reason: string;
}

export interface RequeueOptions {
  now?: number;
  /** How long a `processing` job must have been idle; default {@link ORPHAN_AFTER_MS}. */
  minAgeMs?: number;
}

/** The queue state of a job's entry, `missing` when the queue holds none. */
export async function queueEntryState(queue: JobPorts['queue'], id: string): Promise<string> {
  const entry = (await queue.getJob(id)) as Job | undefined;
  return entry ? await entry.getState() : 'missing';
}

/**
 * Reconciles the database with the queue, so no job is lost between them: jobs the database says
 * are `queued` but the queue does not hold are enqueued again, and `processing` jobs idle for
 * `minAgeMs` whose queue entry is gone or finished go back to `queued` and are enqueued. Idempotent:
 * every worker's sweeper and the CLI's `queue requeue-stuck` run it.
 */
export async function requeueOrphans(
  ports: Pick<JobPorts, 'store' | 'queue' | 'fair'>,
  options: RequeueOptions = {},
): Promise<RequeuedJob[]> {
  const { now = Date.now(), minAgeMs = ORPHAN_AFTER_MS } = options;
  const done: RequeuedJob[] = [];
  const requeue = async (job: JobRecord, reason: string): Promise<void> => {
    if ((await ports.fair.enqueue(job)) === 'added') done.push({ job, reason });
  };
  for (const job of await ports.store.jobs.list({ status: ['processing'], limit: PAGE })) {
    if (now - job.updatedAt.getTime() < minAgeMs) continue;
    const state = await queueEntryState(ports.queue, job.id);
    if (LIVE_QUEUE_STATES.has(state)) continue;
    const back = await ports.store.jobs.transition(job.id, ['processing'], 'queued');
    if (back) await requeue(back, `processing without a live queue entry (${state})`);
  }
  // Orphans first: they started before anything still queued, so they keep their turn.
  for (const job of await ports.store.jobs.list({ status: ['queued'], limit: PAGE }))
    await requeue(job, 'queued in the database but missing from the queue');
  return done;
}
