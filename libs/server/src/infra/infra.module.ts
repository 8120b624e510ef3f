import { BullModule } from '@nestjs/bullmq';
import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { OCR_QUEUE } from '@remote-ocr/contracts';
import type { JobStore } from '@remote-ocr/storage';
import type { AppConfig } from '../config/app-config.js';
import type { JobEventPublisher } from '@remote-ocr/ocr-core';
import { EVENTS_EXPORTS, JOB_EVENTS, eventsProviders } from '../events/events.providers.js';
import { withJobEvents } from '../events/evented-job-store.js';
import { redisConnection } from '../queue/redis-options.js';
import { FAIR_QUEUE, fairQueueProvider } from '../queue/fair/fair-queue.providers.js';
import { openJobStore, openObjectStore } from './infra-factories.js';
import { APP_CONFIG, JOB_STORE, OBJECT_STORE } from './tokens.js';
import { openUsageRepository, USAGE_STORE } from '../usage/usage-store.js';
import type { UsageRepository } from '@remote-ocr/storage';

class StoreCloser implements OnApplicationShutdown {
  constructor(@Inject(JOB_STORE) private readonly store: JobStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

class UsageCloser implements OnApplicationShutdown {
  constructor(@Inject(USAGE_STORE) private readonly usage: UsageRepository) {}

  async onApplicationShutdown(): Promise<void> {
    await this.usage.close();
  }
}

/**
 * Config, job store, object store and the OCR queue for any Nest app of the server. Built from an
 * AppConfig the app parsed at boot, so nothing below reads the environment.
 */
@Global()
@Module({})
export class InfraModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: InfraModule,
      imports: [
        BullModule.forRoot({
          connection: redisConnection(config.redis),
          prefix: config.redis.prefix,
        }),
        BullModule.registerQueue({ name: OCR_QUEUE }),
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        ...eventsProviders(config),
        {
          provide: JOB_STORE,
          inject: [JOB_EVENTS],
          useFactory: async (events: JobEventPublisher) =>
            withJobEvents(await openJobStore(config), events),
        },
        { provide: OBJECT_STORE, useFactory: () => openObjectStore(config) },
        StoreCloser,
        { provide: USAGE_STORE, useFactory: () => openUsageRepository(config) },
        UsageCloser,
        fairQueueProvider,
      ],
      exports: [
        APP_CONFIG,
        JOB_STORE,
        OBJECT_STORE,
        USAGE_STORE,
        BullModule,
        ...EVENTS_EXPORTS,
        FAIR_QUEUE,
      ],
    };
  }
}
