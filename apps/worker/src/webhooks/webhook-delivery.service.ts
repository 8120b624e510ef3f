import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import os from 'node:os';
import { WEBHOOK_QUEUE } from '@remote-ocr/contracts';
import {
  APP_CONFIG,
  EVENT_KEYS,
  RepositoryDeliveryStore,
  WebhookDispatcher,
  processWebhookJob,
  createRedisClient,
  redisConnection,
  webhookBackoff,
  type AppConfig,
  type EventKeys,
  type WebhookDeliverySettings,
} from '@remote-ocr/server';
import {
  PostgresWebhookEndpointRepository,
  PostgresWebhookRepository,
  type WebhookEndpointRepository,
  type WebhookRepository,
} from '@remote-ocr/storage';
import { Queue, Worker, type Job } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';

/** Deliveries one worker sends at once (each waits at most WEBHOOK_TIMEOUT_MS). */
const DELIVERY_CONCURRENCY = 8;

/**
 * The worker's webhook role (docs/webhooks.md): a dispatcher turning job events into deliveries,
 * and a BullMQ worker sending them. Webhook tables live in Postgres; with the Supabase store the
 * api refuses `callback_url`, so there is nothing to run.
 */
@Injectable()
export class WebhookDeliveryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDeliveryService.name);
  private parts: {
    repository: WebhookRepository;
    endpoints: WebhookEndpointRepository;
    redis: Redis | Cluster;
    queue: Queue;
    worker: Worker;
    dispatcher: WebhookDispatcher;
    loop: Promise<void>;
  } | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_KEYS) private readonly keys: EventKeys,
  ) {}

  // eslint-disable-next-line max-lines-per-function -- wires the delivery queue, its worker, the endpoint fan-out and the dispatcher from one configuration; each part is one statement
  onApplicationBootstrap(): void {
    const { database, redis: redisConfig, webhooks } = this.config;
    if (database.kind !== 'postgres') return;
    const settings: WebhookDeliverySettings = { ...webhooks };
    const connection = redisConnection(redisConfig);
    const repository = new PostgresWebhookRepository(database.url);
    const endpoints = new PostgresWebhookEndpointRepository(database.url);
    const store = new RepositoryDeliveryStore(repository, endpoints);
    const queue = new Queue(WEBHOOK_QUEUE, { connection, prefix: redisConfig.prefix });
    const worker = new Worker(
      WEBHOOK_QUEUE,
      (job: Job) => processWebhookJob(job, store, settings),
      {
        connection,
        prefix: redisConfig.prefix,
        concurrency: DELIVERY_CONCURRENCY,
        lockDuration: this.config.jobs.lockDurationMs,
        stalledInterval: this.config.jobs.stalledIntervalMs,
        settings: { backoffStrategy: webhookBackoff(settings) },
      },
    );
    worker.on('error', (error) => this.logger.warn(`webhook worker: ${error.message}`));
    const redis = createRedisClient(redisConfig, { maxRetriesPerRequest: null });
    redis.on('error', () => undefined); // reconnects by itself; the loop reports failed reads
    const dispatcher = new WebhookDispatcher(
      redis,
      this.keys,
      repository,
      queue,
      {
        consumer: `${os.hostname()}:${process.pid}`,
        scheduleLength: settings.retryScheduleS.length,
        claimIdleMs: webhooks.claimIdleMs,
        blockMs: 2000,
      },
      (error) => this.logger.warn(`webhook dispatcher: ${String(error)}`),
      endpoints,
    );
    const loop = dispatcher.run();
    this.parts = { repository, endpoints, redis, queue, worker, dispatcher, loop };
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.parts) return;
    const { repository, endpoints, redis, queue, worker, dispatcher, loop } = this.parts;
    dispatcher.stop();
    redis.disconnect();
    await loop;
    await worker.close();
    await queue.close();
    await repository.close();
    await endpoints.close();
  }
}
