import type { JobRecord } from '@remote-ocr/contracts';
import type { JobEventPublisher } from '@remote-ocr/ocr-core';
import type { JobRepository } from '@remote-ocr/storage';
import type { Cluster, Redis } from 'ioredis';
import type { EventKeys } from './event-keys.js';
import { jobEvent } from './redis-job-event-publisher.js';

/** The start of the reason given when a job's worker lock is gone. */
const LOCK_LOST = 'no live worker lock';

/** Where BullMQ keeps a job's worker lock and the wait/active lists (from the queue itself). */
export interface QueueKeys {
  lock(jobId: string): string;
  wait(): string;
  active(): string;
}

export interface LiveState {
  worker: string | null;
  clientId: string | null;
  heartbeatAt: number | null;
  progressAt: number | null;
  hasLock: boolean;
  marker: { reason: string; worker: string | null } | null;
}

const MARKER_TTL_S = 7 * 24 * 3600;

/** Reads the liveness of jobs, decides stalls and publishes `stalled` / `recovered`. */
export class StallMonitor {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly keys: EventKeys,
    private readonly queue: QueueKeys,
    private readonly events: JobEventPublisher,
    private readonly jobs: Pick<JobRepository, 'get'>,
    private readonly noProgressMs: number,
    /** Place of a job still waiting in the fair order (docs/scaling-fairness.md), if any. */
    private readonly fairPosition: (jobId: string) => Promise<number | null> = () =>
      Promise.resolve(null),
  ) {}

  async state(jobId: string): Promise<LiveState> {
    const replies = await this.redis
      .multi()
      .hgetall(this.keys.live(jobId))
      .exists(this.queue.lock(jobId))
      .get(this.keys.stalled(jobId))
      .exec();
    const [hash, lock, marker] = (replies ?? []).map(([, value]) => value) as [
      Record<string, string> | undefined,
      number | undefined,
      string | null | undefined,
    ];
    const num = (v: string | undefined) => (v ? Number(v) : null);
    return {
      worker: hash?.worker ?? null,
      clientId: hash?.client_id ?? null,
      heartbeatAt: num(hash?.heartbeat_at),
      progressAt: num(hash?.progress_at),
      hasLock: lock === 1,
      marker: marker ? (JSON.parse(marker) as LiveState['marker']) : null,
    };
  }

  /** Why a job held in `state` looks stalled now, or null when it looks alive. */
  reason(state: LiveState, now = Date.now()): string | null {
    if (!state.worker) return null;
    if (!state.hasLock) return `${LOCK_LOST} (last held by ${state.worker})`;
    const quietMs = now - (state.progressAt ?? now);
    if (quietMs > this.noProgressMs) return `no progress for ${Math.round(quietMs / 1000)} s`;
    return null;
  }

  /**
   * Whether a job marked stalled runs again. A lock that is back while the live record still
   * names the worker that lost it is another worker taking the job over before its claim has
   * rewritten the record; that claim announces the recovery, with its own name
   * (`WorkerLiveness.claim`). Announcing it here named the dead worker.
   */
  recovered(state: LiveState, now = Date.now()): boolean {
    if (!state.marker || this.reason(state, now) !== null) return false;
    const lockLost = state.marker.reason.startsWith(LOCK_LOST);
    return !(lockLost && state.marker.worker === state.worker);
  }

  /** One pass over every claimed job; every api replica may run it (Redis NX/DEL dedupe). */
  async check(now = Date.now()): Promise<void> {
    const ids = await this.redis.smembers(this.keys.liveJobs());
    for (const id of ids) await this.checkJob(id, now);
  }

  private async checkJob(id: string, now: number): Promise<void> {
    const state = await this.state(id);
    if (!state.worker || !state.clientId) {
      await this.forget(id);
      return;
    }
    const job = { id, clientId: state.clientId };
    const reason = this.reason(state, now);
    if (reason && !state.marker) {
      const record = await this.jobs.get(id);
      if (!record || record.status !== 'processing') return this.forget(id);
      const marker = JSON.stringify({ reason, worker: state.worker });
      if (await this.redis.set(this.keys.stalled(id), marker, 'EX', MARKER_TTL_S, 'NX'))
        await this.events.publish(jobEvent('stalled', job, { reason, worker: state.worker }));
    } else if (this.recovered(state, now)) {
      if ((await this.redis.del(this.keys.stalled(id))) === 1)
        await this.events.publish(jobEvent('recovered', job, { worker: state.worker }));
    }
  }

  /** Drops liveness of a job no worker runs any more (finished, deleted, re-queued). */
  private async forget(id: string): Promise<void> {
    await this.redis
      .multi()
      .srem(this.keys.liveJobs(), id)
      .del(this.keys.live(id), this.keys.stalled(id))
      .exec();
  }

  /** 1-based place of a queued job among the waiting ones (BullMQ takes from the list's tail). */
  async queuePosition(jobId: string): Promise<number | null> {
    const [index, length] = await Promise.all([
      this.redis.lpos(this.queue.wait(), jobId),
      this.redis.llen(this.queue.wait()),
    ]);
    return index === null ? this.fairPosition(jobId) : length - index;
  }

  /** A rough start estimate: the jobs ahead, run as many at a time as run now, at the average run time. */
  async estimatedStart(position: number, now = Date.now()): Promise<Date | null> {
    const [average, running] = await Promise.all([
      this.redis.get(this.keys.averageRun()),
      this.redis.llen(this.queue.active()),
    ]);
    const avg = Number(average);
    if (!(avg > 0)) return null;
    const rounds = Math.ceil((position - 1) / Math.max(1, running)) + (running > 0 ? 0.5 : 0);
    return new Date(now + rounds * avg);
  }

  /** Extra fields of a job answer: who holds it and whether it looks stalled, or its place in line. */
  async view(job: JobRecord, now = Date.now()): Promise<Record<string, unknown>> {
    if (job.status === 'processing') {
      const state = await this.state(job.id);
      return {
        worker: state.worker,
        heartbeat_at: state.heartbeatAt ? new Date(state.heartbeatAt).toISOString() : null,
        stalled_reason: this.reason(state, now),
      };
    }
    if (job.status !== 'queued') return {};
    const position = await this.queuePosition(job.id);
    const start = position === null ? null : await this.estimatedStart(position, now);
    return { queue_position: position, estimated_start_at: start?.toISOString() ?? null };
  }
}
