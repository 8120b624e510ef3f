import { Inject, Logger, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { JobEventPublisher } from '@remote-ocr/ocr-core';
import type { Cluster, Redis } from 'ioredis';
import { createRedisClient } from '../infra/redis-client.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../infra/tokens.js';
import { EventKeys } from './event-keys.js';
import { EventTokens } from './event-token.js';
import { RedisJobEventPublisher } from './redis-job-event-publisher.js';

/** Nest tokens of the live-events wiring. */
export const EVENTS_REDIS = Symbol('EVENTS_REDIS');
export const EVENT_KEYS = Symbol('EVENT_KEYS');
export const JOB_EVENTS = Symbol('JOB_EVENTS');
export const EVENT_TOKENS = Symbol('EVENT_TOKENS');

/** Closes the events connection last, after everything that publishes has stopped. */
class EventsRedisCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENTS_REDIS) private readonly redis: Redis | Cluster) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

const logger = new Logger('JobEvents');

/** Redis connection, keys, publisher and token signer of live events, from the app's config. */
export function eventsProviders(config: AppConfig): Provider[] {
  return [
    {
      provide: EVENTS_REDIS,
      useFactory: () => createRedisClient(config.redis, { maxRetriesPerRequest: 2 }),
    },
    { provide: EVENT_KEYS, useValue: new EventKeys(config.redis.prefix) },
    {
      provide: JOB_EVENTS,
      inject: [EVENTS_REDIS, EVENT_KEYS, APP_CONFIG],
      useFactory: (redis: Redis | Cluster, keys: EventKeys, c: AppConfig): JobEventPublisher =>
        new RedisJobEventPublisher(
          redis,
          keys,
          { maxLen: c.events.streamMaxLen, ttlSeconds: c.events.streamTtlSeconds },
          (err, event) =>
            logger.warn(
              { err, jobId: event.data.job_id, event: event.name },
              'event not published',
            ),
        ),
    },
    {
      provide: EVENT_TOKENS,
      useValue: new EventTokens(config.events.tokenSecret, config.events.tokenTtlSeconds),
    },
    EventsRedisCloser,
  ];
}

export const EVENTS_EXPORTS = [EVENTS_REDIS, EVENT_KEYS, JOB_EVENTS, EVENT_TOKENS];
