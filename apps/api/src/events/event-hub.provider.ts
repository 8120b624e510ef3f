import { InjectQueue } from '@nestjs/bullmq';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { OCR_QUEUE } from '@remote-ocr/contracts';
import type { JobEventPublisher } from '@remote-ocr/ocr-core';
import {
  APP_CONFIG,
  FAIR_QUEUE,
  type FairQueue,
  EVENT_KEYS,
  EVENTS_REDIS,
  JOB_EVENTS,
  JOB_STORE,
  JobEventHub,
  PeriodicTask,
  StallMonitor,
  createRedisClient,
  type AppConfig,
  type EventKeys,
} from '@remote-ocr/server';
import type { JobStore } from '@remote-ocr/storage';
import type { Queue } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';

/** The api process's one reader of event streams (two Redis connections, whatever the clients). */
@Injectable()
export class EventHubService implements OnApplicationShutdown {
  private readonly logger = new Logger('EventHub');
  readonly hub: JobEventHub;
  private readonly reader: Redis | Cluster;
  private readonly control: Redis | Cluster;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(EVENT_KEYS) readonly keys: EventKeys,
  ) {
    const options = {
      maxRetriesPerRequest: null,
      retryStrategy: (n: number) => Math.min(200 * n, 2000),
    };
    this.reader = createRedisClient(config.redis, options);
    this.control = createRedisClient(config.redis, { ...options, maxRetriesPerRequest: 2 });
    // A cluster cannot interrupt the blocking read (CLIENT ID/UNBLOCK reach any node), so new
    // streams join it at the next short timeout instead (docs/scaling.md).
    this.hub = new JobEventHub(
      this.reader,
      this.control,
      (err) => this.logger.warn({ err }, 'event stream read failed'),
      config.redis.cluster ? 250 : undefined,
    );
  }

  /** Length of a stream (metrics). */
  streamLength(key: string): Promise<number> {
    return this.control.xlen(key);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.hub.close();
    this.control.disconnect();
  }
}

/** Runs the stall check on an interval; every replica may (the monitor dedupes in Redis). */
@Injectable()
export class StallMonitorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('StallMonitor');
  readonly monitor: StallMonitor;
  private readonly task = new PeriodicTask(
    () => this.monitor.check(),
    (err) => this.logger.warn({ err }, 'stall check failed'),
  );

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENTS_REDIS) redis: Redis | Cluster,
    @Inject(EVENT_KEYS) keys: EventKeys,
    @Inject(JOB_EVENTS) events: JobEventPublisher,
    @Inject(JOB_STORE) store: JobStore,
    @InjectQueue(OCR_QUEUE) queue: Queue,
    @Inject(FAIR_QUEUE) fair: FairQueue,
  ) {
    const queueKeys = {
      lock: (jobId: string) => `${queue.toKey(jobId)}:lock`,
      wait: () => queue.toKey('wait'),
      active: () => queue.toKey('active'),
    };
    this.monitor = new StallMonitor(
      redis,
      keys,
      queueKeys,
      events,
      store.jobs,
      config.events.noProgressMs,
      (jobId) => fair.position(jobId),
    );
  }

  onApplicationBootstrap(): void {
    this.task.start(this.config.events.stallCheckMs);
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }
}
