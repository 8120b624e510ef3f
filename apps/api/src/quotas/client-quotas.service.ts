import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, OCR_QUEUE, type ClientUsage, type UsageAnswer } from '@remote-ocr/contracts';
import {
  APP_CONFIG,
  EVENTS_REDIS,
  EVENT_KEYS,
  FAIR_QUEUE,
  JOB_STORE,
  quotaOf,
  type AppConfig,
  type ClientQuota,
  type EventKeys,
  type FairQueue,
  type Principal,
} from '@remote-ocr/server';
import type { JobStore } from '@remote-ocr/storage';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { PageCounter } from './page-counter.js';
import { QuotaExceededError, secondsToUtcMidnight, utcDay } from './quota-exceeded.error.js';

/** Retry-After of a full queue when no run time was measured yet. */
const DEFAULT_RETRY_S = 30;
const COUNT_CAP = 5000;

/** Limits per client key (docs/quotas.md): checked before anything of a new job is stored. */
@Injectable()
export class ClientQuotasService {
  private readonly pages: PageCounter;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(EVENTS_REDIS) private readonly redis: Redis,
    @Inject(EVENT_KEYS) private readonly keys: EventKeys,
    @Inject(FAIR_QUEUE) private readonly fair: FairQueue,
    @InjectQueue(OCR_QUEUE) queue: Queue,
  ) {
    this.pages = new PageCounter(redis, (name) => queue.toKey(name));
  }

  /** The limits of a request's key; the operator has none. */
  quotaFor(principal: Principal): ClientQuota | null {
    return principal.kind === 'client' ? quotaOf(this.config.quotas, principal.clientId) : null;
  }

  /** Refuses a new queued job when the client already has `max_queued_jobs` queued. */
  async checkQueued(principal: Principal): Promise<void> {
    const max = this.quotaFor(principal)?.maxQueuedJobs;
    if (max === null || max === undefined || principal.kind !== 'client') return;
    const queued = await this.queuedCount(principal.clientId, max + 1);
    if (queued < max) return;
    throw new QuotaExceededError(
      `Client "${principal.clientId}" has ${queued} queued jobs and may have ${max} (max_queued_jobs); retry when one has started`,
      await this.oneRunSeconds(),
    );
  }

  /**
   * Counts `pageCount` against the client's pages of the day, or refuses with 429 until the next
   * UTC midnight. Returns the undo, for when the job is not created after all.
   */
  async reservePages(principal: Principal, pageCount: number): Promise<() => Promise<void>> {
    if (principal.kind !== 'client') return () => Promise.resolve();
    const max = this.quotaFor(principal)?.maxPagesPerDay ?? null;
    const day = utcDay();
    const used = await this.pages.reserve(day, principal.clientId, pageCount, max);
    if (used !== null) {
      throw new QuotaExceededError(
        `Client "${principal.clientId}" submitted ${used} of its ${max} pages today (max_pages_per_day, UTC); this PDF has ${pageCount}; the count starts again at 00:00 UTC`,
        secondsToUtcMidnight(),
      );
    }
    return () => this.pages.release(day, principal.clientId, pageCount);
  }

  /** `GET /usage`: a client its own entry; the operator every known client, or `client`. */
  async usage(principal: Principal, client?: string): Promise<UsageAnswer> {
    const now = new Date();
    const day = utcDay(now);
    const [pages, waiting] = await Promise.all([
      this.pages.usage(day),
      this.fair.waitingByClient(),
    ]);
    let ids: string[];
    if (principal.kind === 'client') {
      if (client && client !== principal.clientId)
        throw new DomainError('not_found', 'Client not found');
      ids = [principal.clientId];
    } else {
      ids = client ? [client] : this.knownClients(pages, waiting);
    }
    const clients = await Promise.all(ids.map((id) => this.clientUsage(id, pages, waiting)));
    const resetsAt = new Date(now.getTime() + secondsToUtcMidnight(now) * 1000);
    return { day, resets_at: resetsAt.toISOString(), clients };
  }

  private async clientUsage(
    id: string,
    pages: Map<string, number>,
    waiting: Map<string, number>,
  ): Promise<ClientUsage> {
    const quota = quotaOf(this.config.quotas, id);
    return {
      client_id: id,
      queued_jobs: await this.queuedCount(id, COUNT_CAP),
      pages_today: pages.get(id) ?? 0,
      waiting_jobs: waiting.get(id) ?? 0,
      weight: this.config.fairness.weights.get(id) ?? 1,
      limits: {
        max_queued_jobs: quota.maxQueuedJobs,
        max_pages_per_day: quota.maxPagesPerDay,
        max_upload_bytes: quota.maxUploadBytes,
      },
    };
  }

  /** Client ids of the keys, the quotas, the weights, and whoever used or waits today. */
  private knownClients(pages: Map<string, number>, waiting: Map<string, number>): string[] {
    const ids = new Set<string>([
      ...this.config.clientKeys.values(),
      ...this.config.quotas.byClient.keys(),
      ...this.config.fairness.weights.keys(),
      ...pages.keys(),
      ...waiting.keys(),
    ]);
    return [...ids].sort();
  }

  private async queuedCount(clientId: string, cap: number): Promise<number> {
    const jobs = await this.store.jobs.list({ clientId, status: ['queued'], limit: cap });
    return jobs.length;
  }

  /** About one average run: when a queued job has likely started. */
  private async oneRunSeconds(): Promise<number> {
    const avg = Number(await this.redis.get(this.keys.averageRun()));
    return avg > 0 ? Math.max(1, Math.ceil(avg / 1000)) : DEFAULT_RETRY_S;
  }
}
