import type {
  JobEventInput,
  JobRecord,
  JobEventName,
  JobEventPayloads,
} from '@remote-ocr/contracts';
import type { JobEventPublisher } from '@remote-ocr/ocr-core';
import type { Cluster, Redis } from 'ioredis';
import type { EventKeys } from './event-keys.js';

export interface StreamLimits {
  /** Entries kept per stream (approximately: Redis | Cluster trims whole nodes). */
  maxLen: number;
  ttlSeconds: number;
}

/** Builds an event of `job` stamped now. */
export function jobEvent<N extends JobEventName>(
  name: N,
  job: Pick<JobRecord, 'id' | 'clientId'>,
  payload: JobEventPayloads[N],
): JobEventInput {
  const data = {
    job_id: job.id,
    client_id: job.clientId,
    at: new Date().toISOString(),
    ...payload,
  };
  return { name, data } as JobEventInput;
}

/** Events written in one MULTI at most (a strip's blocks are tens; a burst beyond waits a turn). */
const MAX_EVENTS_PER_WRITE = 500;

interface QueuedEvent {
  event: JobEventInput;
  resolve: (id: string | null) => void;
}

/**
 * Publishes an event to the job's stream, its client's stream and the all-jobs stream in one
 * MULTI, so every reader sees the same order. Streams are capped and expire when a job goes quiet.
 * Events published in the same turn of the event loop (a strip's `block` events) share one MULTI:
 * one round trip instead of one per block, in the order they were published.
 */
export class RedisJobEventPublisher implements JobEventPublisher {
  private readonly queued: QueuedEvent[] = [];

  constructor(
    private readonly redis: Redis | Cluster,
    private readonly keys: EventKeys,
    private readonly limits: StreamLimits,
    private readonly onError: (error: unknown, event: JobEventInput) => void,
  ) {}

  publish(event: JobEventInput): Promise<string | null> {
    return new Promise((resolve) => {
      if (this.queued.length === 0) setImmediate(() => void this.flush());
      this.queued.push({ event, resolve });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queued.splice(0, MAX_EVENTS_PER_WRITE);
    if (this.queued.length > 0) setImmediate(() => void this.flush());
    const { maxLen, ttlSeconds } = this.limits;
    const multi = this.redis.multi();
    const streams = new Set<string>();
    for (const { event } of batch) {
      const body = JSON.stringify({ name: event.name, data: event.data });
      for (const key of [
        this.keys.job(event.data.job_id),
        this.keys.client(event.data.client_id),
        this.keys.all(),
      ]) {
        multi.xadd(key, 'MAXLEN', '~', String(maxLen), '*', 'e', body);
        streams.add(key);
      }
    }
    for (const key of streams) multi.expire(key, ttlSeconds);
    let replies: Array<[Error | null, unknown]> | null = null;
    try {
      replies = await multi.exec();
    } catch (error) {
      replies = batch.map(() => [error as Error, null]);
    }
    batch.forEach(({ event, resolve }, i) => {
      // Each event's first XADD (its job's stream) gives the id it is known by.
      const reply = replies?.[i * 3];
      if (reply && !reply[0]) return resolve(reply[1] as string);
      this.onError(reply?.[0] ?? new Error('event not stored'), event);
      resolve(null);
    });
  }
}
