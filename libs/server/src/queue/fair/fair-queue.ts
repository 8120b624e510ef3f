import type { Job, Queue } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import { OCR_RUN_MODES, type OcrRunMode } from '@remote-ocr/contracts';
import { enqueueOcrJob, dequeueOcrJob, queueDepth, type EnqueueOutcome } from '../ocr-queue.js';
import { fairKeys, type FairKeys } from './fair-keys.js';
import { PUSH_LUA, REMOVE_LUA, TAKE_LUA } from './fair-scripts.js';

/** Fair sharing settings (`FAIR_SHARING`, `FAIR_QUEUE_LOOKAHEAD`, `CLIENT_WEIGHTS`). */
export interface FairSharingConfig {
  enabled: boolean;
  /** Jobs the BullMQ queue may hold waiting for a worker; the rest wait in the fair order. */
  lookahead: number;
  /** Weight of a client (default 1): a weight of 2 gets two jobs per round of a weight-1 client. */
  weights: ReadonlyMap<string, number>;
}

/** A job taken from the fair order but not added to the queue after this long was lost (crash). */
export const FAIR_INFLIGHT_STALE_MS = 60_000;
const FINISHED = new Set(['completed', 'failed']);

type Scripted = (Redis | Cluster) & {
  fairPush(...args: Array<string | number>): Promise<number>;
  fairTake(...args: Array<string | number>): Promise<[string, string] | null>;
  fairRemove(...args: Array<string | number>): Promise<number>;
};

/**
 * The one way jobs reach the OCR queue. Jobs wait per client in Redis and are handed to BullMQ in
 * weighted round-robin order (start-time fair queuing), only while the BullMQ queue holds fewer
 * than `lookahead` waiting jobs; with sharing off they go straight to BullMQ as before.
 * Crash safety comes from the database: a `queued` job found neither here nor in BullMQ is
 * pushed again by the sweepers, and a job handed over is claimed only if still `queued`.
 */
export class FairQueue {
  readonly keys: FairKeys;
  private readonly redis: Scripted;

  constructor(
    readonly queue: Queue,
    /** A connection of the app's own (not BullMQ's), on the queue's Redis. */
    redis: Redis | Cluster,
    readonly config: FairSharingConfig,
    /** Whether a job may still run (`queued` in the database); others are dropped when taken. */
    private readonly isRunnable: (jobId: string) => Promise<boolean> = () => Promise.resolve(true),
  ) {
    this.keys = fairKeys((name) => queue.toKey(name));
    this.redis = redis as Scripted;
    if (typeof this.redis.fairPush !== 'function') {
      redis.defineCommand('fairPush', { numberOfKeys: 7, lua: PUSH_LUA });
      redis.defineCommand('fairTake', { numberOfKeys: 8, lua: TAKE_LUA });
      redis.defineCommand('fairRemove', { numberOfKeys: 5, lua: REMOVE_LUA });
    }
  }

  /** Queues the run of `job`: 'already-waiting' when it waits here or in BullMQ already. */
  async enqueue(
    job: { id: string; clientId: string },
    mode: OcrRunMode = 'full',
  ): Promise<EnqueueOutcome> {
    if (!this.config.enabled) return enqueueOcrJob(this.queue, job.id, mode);
    const existing = (await this.queue.getJob(job.id)) as Job | undefined;
    if (existing) {
      const state = await existing.getState();
      if (state === 'active') return 'running';
      if (!FINISHED.has(state)) return 'already-waiting';
    }
    const k = this.keys;
    const weight = this.config.weights.get(job.clientId) ?? 1;
    const added = await this.redis.fairPush(
      k.order,
      k.jobs,
      k.last,
      k.count,
      k.clock,
      k.inflight,
      k.idle,
      job.id,
      job.clientId,
      mode,
      weight,
      Date.now(),
      FAIR_INFLIGHT_STALE_MS,
    );
    if (added !== 1) return 'already-waiting';
    await this.fill();
    return 'added';
  }

  /** Removes a run that has not started (pause, delete), wherever it waits. */
  async dequeue(jobId: string): Promise<boolean> {
    const k = this.keys;
    const here = this.config.enabled
      ? (await this.redis.fairRemove(k.order, k.jobs, k.last, k.count, k.idle, jobId)) === 1
      : false;
    return (await dequeueOcrJob(this.queue, jobId)) || here;
  }

  /**
   * Hands jobs to BullMQ until it holds `lookahead` waiting ones; a job paused or deleted while it
   * waited is dropped instead. Returns how many were handed over. Every api and worker calls it;
   * the script keeps them from overfilling.
   */
  async fill(): Promise<number> {
    if (!this.config.enabled) return 0;
    const redis = this.redis;
    const k = this.keys;
    let handed = 0;
    for (;;) {
      const next = await redis.fairTake(
        k.order,
        k.jobs,
        k.last,
        k.count,
        k.clock,
        k.inflight,
        k.queueWait,
        k.idle,
        this.config.lookahead,
        Date.now(),
        FAIR_INFLIGHT_STALE_MS,
      );
      if (!next) return handed;
      const [id, mode] = next;
      try {
        if (!(await this.isRunnable(id))) continue;
        const runMode = (OCR_RUN_MODES as readonly string[]).includes(mode) ? mode : 'full';
        await enqueueOcrJob(this.queue, id, runMode as OcrRunMode);
        handed++;
      } finally {
        await redis.zrem(k.inflight, id);
      }
    }
  }

  /**
   * 1-based place in line of a job waiting here: the queue's waiting jobs come first, then the
   * fair order. (A job being handed over right now is not counted: it is about to be one of the
   * queue's.) Null when the job does not wait here.
   */
  async position(jobId: string): Promise<number | null> {
    if (!this.config.enabled) return null;
    const k = this.keys;
    const replies = await this.redis.multi().zrank(k.order, jobId).llen(k.queueWait).exec();
    const [rank, wait] = (replies ?? []).map(([, v]) => v) as Array<number | null>;
    return rank === null || rank === undefined ? null : (wait ?? 0) + rank + 1;
  }

  /** Waiting jobs per client id (only clients with something waiting have a field). */
  async waitingByClient(): Promise<Map<string, number>> {
    if (!this.config.enabled) return new Map();
    const counts = await this.redis.hgetall(this.keys.count);
    return new Map(Object.entries(counts).map(([client, n]) => [client, Number(n)]));
  }

  /** Jobs waiting for or holding a worker, here and in BullMQ (the `MAX_QUEUE_SIZE` check). */
  async depth(): Promise<number> {
    const inQueue = await queueDepth(this.queue);
    if (!this.config.enabled) return inQueue;
    return inQueue + (await this.redis.zcard(this.keys.order));
  }
}
