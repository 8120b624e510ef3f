import { OCR_QUEUE } from '@remote-ocr/contracts';
import {
  EventKeys,
  FairQueue,
  RedisJobEventPublisher,
  openJobStore,
  openObjectStore,
  createRedisClient,
  redisConnection,
  withJobEvents,
  type AppConfig,
} from '@remote-ocr/server';
import type { JobStore, ObjectStore } from '@remote-ocr/storage';
import { Queue } from 'bullmq';
import { CliError } from '../common/cli-error.js';
import {
  assertPostgresReachable,
  assertRedisReachable,
  redactUrl,
} from '../common/reachability.js';

/** What the queue commands work on: the OCR queue, the job database and the object store. */
export interface OpsContext {
  queue: Queue;
  /** The queue behind fair sharing: every requeue goes through it, as the api's do. */
  fair: FairQueue;
  store: JobStore;
  objects: ObjectStore;
  close(): Promise<void>;
}

export async function openStore(config: AppConfig): Promise<JobStore> {
  if (config.database.kind === 'postgres') await assertPostgresReachable(config.database.url);
  try {
    const store = await openJobStore(config);
    await store.ping();
    return store;
  } catch (error) {
    if ((error as { code?: string }).code === '3D000') {
      throw new CliError(
        `Database ${redactUrl(config.database.url)} does not exist yet — start the server once (npm start) to create it`,
      );
    }
    throw error;
  }
}

/**
 * Connects to Redis and the database of `config`, failing fast with one clear line when either
 * is down (the servers keep retrying instead; an operator's command should not hang).
 */
export async function openOps(config: AppConfig): Promise<OpsContext> {
  await assertRedisReachable(config.redis);
  const store = await openStore(config);
  const queue = new Queue(OCR_QUEUE, {
    connection: redisConnection(config.redis),
    prefix: config.redis.prefix,
  });
  // Status changes made by ops commands (purge, requeue) reach event streams like the api's;
  // a lost event does not fail the command.
  const redis = createRedisClient(config.redis, { maxRetriesPerRequest: 2 });
  const limits = { maxLen: config.events.streamMaxLen, ttlSeconds: config.events.streamTtlSeconds };
  const events = new RedisJobEventPublisher(
    redis,
    new EventKeys(config.redis.prefix),
    limits,
    () => undefined,
  );
  const fair = new FairQueue(
    queue,
    redis,
    config.fairness,
    async (id) => (await store.jobs.get(id))?.status === 'queued',
  );
  return {
    queue,
    fair,
    store: withJobEvents(store, events),
    objects: openObjectStore(config),
    close: async () => {
      await queue.close();
      await store.close();
      redis.disconnect();
    },
  };
}
