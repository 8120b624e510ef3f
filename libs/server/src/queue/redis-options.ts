import { RedisConnection, createIORedisClient, type ConnectionOptions } from 'bullmq';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import {
  clusterOptions,
  parseRedisTarget,
  type RedisTarget,
  type RedisTargetConfig,
} from '../infra/redis-client.js';

/** Marks BullMQ connection options that name a cluster or Sentinels (read by the factory below). */
const TARGET = 'remoteOcrRedisTarget';

/**
 * BullMQ builds its own connections from options (and closes them with its queues and workers),
 * but by itself only as `new Redis(url)`. This factory, installed once when a cluster or Sentinel
 * target is first used, builds the ioredis Cluster/Sentinel client those options name instead.
 */
function installClientFactory(): void {
  if (RedisConnection.clientFactory) return;
  RedisConnection.clientFactory = (opts) => {
    const {
      [TARGET]: target,
      url,
      ...rest
    } = opts as RedisOptions & {
      url?: string;
      [TARGET]?: RedisTarget;
    };
    if (target?.kind === 'cluster')
      return createIORedisClient(new Cluster(target.nodes, clusterOptions(target, rest)));
    if (target?.kind === 'sentinel') {
      const { host: _h, port: _p, ...options } = rest;
      return createIORedisClient(
        new Redis({
          ...options,
          sentinels: target.sentinels,
          name: target.name,
          db: target.db,
          ...target.auth,
        }),
      );
    }
    return createIORedisClient(url ? new Redis(url, rest) : new Redis(rest));
  };
}

/**
 * BullMQ connection options for the configured Redis: a `redis://[user:pass@]host:port/db` URL
 * (`rediss://` for TLS), a cluster or Sentinels (docs/scaling.md). `maxRetriesPerRequest: null`
 * lets blocking worker commands survive a Redis restart, and the retry strategy keeps reconnecting
 * (capped at 2 s between tries) instead of giving up.
 */
export function redisConnection(redis: string | RedisTargetConfig): ConnectionOptions {
  const config = typeof redis === 'string' ? { url: redis } : redis;
  const base = {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times: number) => Math.min(200 * times, 2000),
  };
  const target = parseRedisTarget(config);
  if (target.kind === 'single') return { url: target.url, ...base };
  installClientFactory();
  return { ...base, [TARGET]: target };
}
