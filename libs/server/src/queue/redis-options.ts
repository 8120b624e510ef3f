import type { ConnectionOptions } from 'bullmq';

/**
 * BullMQ connection options from a `redis://[user:pass@]host:port/db` URL (`rediss://` for TLS).
 * `maxRetriesPerRequest: null` lets blocking worker commands survive a Redis restart, and the
 * retry strategy keeps reconnecting (capped at 2 s between tries) instead of giving up.
 */
export function redisConnection(url: string): ConnectionOptions {
  return {
    url,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times: number) => Math.min(200 * times, 2000),
  };
}
