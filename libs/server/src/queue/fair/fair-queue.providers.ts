import { getQueueToken } from '@nestjs/bullmq';
import type { Provider } from '@nestjs/common';
import { OCR_QUEUE } from '@remote-ocr/contracts';
import type { JobStore } from '@remote-ocr/storage';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../../config/app-config.js';
import { EVENTS_REDIS } from '../../events/events.providers.js';
import { APP_CONFIG, JOB_STORE } from '../../infra/tokens.js';
import { FairQueue } from './fair-queue.js';

/** Nest token of the app's FairQueue (the OCR queue behind fair sharing). */
export const FAIR_QUEUE = Symbol('FAIR_QUEUE');

export const fairQueueProvider: Provider = {
  provide: FAIR_QUEUE,
  inject: [getQueueToken(OCR_QUEUE), EVENTS_REDIS, APP_CONFIG, JOB_STORE],
  useFactory: (queue: Queue, redis: Redis, config: AppConfig, store: JobStore) =>
    new FairQueue(
      queue,
      redis,
      config.fairness,
      async (id) => (await store.jobs.get(id))?.status === 'queued',
    ),
};
