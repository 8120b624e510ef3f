import type { JobRecord } from '@remote-ocr/contracts';
import type { JobEventPublisher } from '@remote-ocr/ocr-core';
import type { Cluster, Redis } from 'ioredis';
import type { EventKeys } from './event-keys.js';
import { jobEvent } from './redis-job-event-publisher.js';

/** Liveness entries outlive any run; a crashed worker's entry is cleaned by the stall monitor. */
const LIVE_TTL_S = 7 * 24 * 3600;

/**
 * The worker's side of visible stalls: which worker holds a job, when it last beat and when the
 * job last progressed, kept in Redis (volatile by nature, so not in the database). A claim of a
 * job whose previous holder never released it is a takeover: `stalled` (if nobody reported it
 * yet) then `recovered`.
 */
export class WorkerLiveness {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly keys: EventKeys,
    private readonly events: JobEventPublisher,
    readonly workerName: string,
  ) {}

  async claimed(job: JobRecord): Promise<void> {
    const live = this.keys.live(job.id);
    const previous = await this.redis.hget(live, 'worker');
    const now = String(Date.now());
    await this.redis
      .multi()
      .hset(live, {
        worker: this.workerName,
        client_id: job.clientId,
        heartbeat_at: now,
        progress_at: now,
      })
      .expire(live, LIVE_TTL_S)
      .sadd(this.keys.liveJobs(), job.id)
      .exec();
    const marker = this.keys.stalled(job.id);
    if (previous && previous !== this.workerName) {
      const reason = `worker ${previous} stopped holding the job`;
      const first = await this.redis.set(
        marker,
        JSON.stringify({ reason, worker: previous }),
        'EX',
        LIVE_TTL_S,
        'NX',
      );
      if (first) await this.events.publish(jobEvent('stalled', job, { reason, worker: previous }));
    }
    if ((await this.redis.del(marker)) === 1)
      await this.events.publish(jobEvent('recovered', job, { worker: this.workerName }));
  }

  /** Refreshes `heartbeat_at`, and `progress_at` when the job moved forward. */
  async beat(jobId: string, progressed: boolean): Promise<void> {
    const now = String(Date.now());
    const fields: Record<string, string> = { heartbeat_at: now };
    if (progressed) fields.progress_at = now;
    await this.redis.hset(this.keys.live(jobId), fields);
  }

  /** The run ended here (finished, stopped or handed back): nobody holds the job now. */
  async released(jobId: string, runMs: number | null): Promise<void> {
    const multi = this.redis
      .multi()
      .del(this.keys.live(jobId))
      .srem(this.keys.liveJobs(), jobId)
      .del(this.keys.stalled(jobId));
    await multi.exec();
    if (runMs !== null) await this.recordRunTime(runMs);
  }

  /** Exponential moving average of finished runs (weight 0.2), for queue start estimates. */
  private async recordRunTime(runMs: number): Promise<void> {
    const key = this.keys.averageRun();
    const old = Number(await this.redis.get(key));
    const next = old > 0 ? old * 0.8 + runMs * 0.2 : runMs;
    await this.redis.set(key, String(Math.round(next)), 'EX', LIVE_TTL_S);
  }
}
