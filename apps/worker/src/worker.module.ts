import { Module, type DynamicModule } from '@nestjs/common';
import os from 'node:os';
import type { JobEventPublisher } from '@remote-ocr/ocr-core';
import {
  EVENTS_REDIS,
  EVENT_KEYS,
  InfraModule,
  JOB_EVENTS,
  WorkerLiveness,
  redactingLoggerOptions,
  type AppConfig,
  type EventKeys,
} from '@remote-ocr/server';
import type { Redis } from 'ioredis';
import { LoggerModule } from 'nestjs-pino';
import { EngineRegistry } from './engines/engine-registry.js';
import { RendererProvider } from './renderer.provider.js';
import { JobRunner } from './job-runner.service.js';
import { OcrJobProcessor, configureOcrProcessor } from './ocr-job.processor.js';
import { OrphanSweeper } from './orphan-sweeper.service.js';
import { QueueSweeper } from './queue-sweeper.service.js';
import { WebhookDeliveryService } from './webhooks/webhook-delivery.service.js';
import { WorkerMetrics } from './worker-metrics.js';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    configureOcrProcessor(config);
    return {
      module: WorkerModule,
      imports: [
        InfraModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: redactingLoggerOptions(config) }),
      ],
      providers: [
        WorkerMetrics,
        EngineRegistry,
        RendererProvider,
        JobRunner,
        OcrJobProcessor,
        QueueSweeper,
        OrphanSweeper,
        WebhookDeliveryService,
        {
          provide: WorkerLiveness,
          inject: [EVENTS_REDIS, EVENT_KEYS, JOB_EVENTS],
          // The name shown as a job's `worker`: host and process, unique among live workers.
          useFactory: (redis: Redis, keys: EventKeys, events: JobEventPublisher) =>
            new WorkerLiveness(redis, keys, events, `${os.hostname()}:${process.pid}`),
        },
      ],
    };
  }
}
