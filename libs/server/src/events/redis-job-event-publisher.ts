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

/**
 * Publishes an event to the job's stream, its client's stream and the all-jobs stream in one
 * MULTI, so every reader sees the same order. Streams are capped and expire when a job goes quiet.
 */
export class RedisJobEventPublisher implements JobEventPublisher {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly keys: EventKeys,
    private readonly limits: StreamLimits,
    private readonly onError: (error: unknown, event: JobEventInput) => void,
  ) {}

  async publish(event: JobEventInput): Promise<string | null> {
    const body = JSON.stringify({ name: event.name, data: event.data });
    const { maxLen, ttlSeconds } = this.limits;
    const multi = this.redis.multi();
    for (const key of [
      this.keys.job(event.data.job_id),
      this.keys.client(event.data.client_id),
      this.keys.all(),
    ]) {
      multi.xadd(key, 'MAXLEN', '~', String(maxLen), '*', 'e', body);
      multi.expire(key, ttlSeconds);
    }
    try {
      const replies = await multi.exec();
      const first = replies?.[0];
      if (!first || first[0]) throw first?.[0] ?? new Error('event not stored');
      return first[1] as string;
    } catch (error) {
      this.onError(error, event);
      return null;
    }
  }
}
