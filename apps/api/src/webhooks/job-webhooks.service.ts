import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DomainError, WEBHOOK_QUEUE, newWebhookSecret } from '@remote-ocr/contracts';
import {
  APP_CONFIG,
  JOB_STORE,
  assertWebhookUrl,
  deliverySigner,
  enqueueWebhook,
  redisConnection,
  type AppConfig,
  type Principal,
} from '@remote-ocr/server';
import {
  PostgresWebhookRepository,
  type JobStore,
  type WebhookDeliveryRecord,
  type WebhookRepository,
} from '@remote-ocr/storage';
import { Queue, type Job } from 'bullmq';
import { findOwnedJob } from '../jobs/job-access.js';

/** One delivery as `GET /jobs/{id}/webhooks` shows it (never the secret, never the body). */
export function deliveryView(d: WebhookDeliveryRecord) {
  return {
    id: d.id,
    event: d.event,
    url: d.url,
    status: d.status,
    attempts: d.attempts,
    last_status_code: d.lastStatusCode,
    created_at: d.createdAt.toISOString(),
    updated_at: d.updatedAt.toISOString(),
    log: d.log.map((a) => ({
      attempt: a.attempt,
      status_code: a.statusCode,
      latency_ms: a.latencyMs,
      outcome: a.outcome,
      at: a.at.toISOString(),
    })),
  };
}

/** The created-job answer plus `webhook_secret` when the job named a `callback_url`. */
export function withWebhookSecret<J extends { webhookSecret?: string }, V extends object>(
  view: (job: J) => V,
  job: J,
): V | (V & { webhook_secret: string }) {
  return job.webhookSecret ? { ...view(job), webhook_secret: job.webhookSecret } : view(job);
}

const deliveryNotFound = () => new DomainError('not_found', 'Webhook delivery not found');

/**
 * A job's own webhook (`callback_url`, docs/webhooks.md): checked at intake, stored with a fresh
 * secret before the job is queued (so its first event already finds it), its delivery log, and
 * redelivery. The webhook tables live in Postgres; with the Supabase store `callback_url` is refused.
 */
@Injectable()
export class JobWebhooksService implements OnApplicationShutdown {
  private readonly repository: WebhookRepository | null;
  private readonly queue: Queue | null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_STORE) private readonly store: JobStore,
  ) {
    const { database, redis } = config;
    this.repository =
      database.kind === 'postgres' ? new PostgresWebhookRepository(database.url) : null;
    this.queue = this.repository
      ? new Queue(WEBHOOK_QUEUE, { connection: redisConnection(redis), prefix: redis.prefix })
      : null;
  }

  /** Validates a `callback_url` form value (SSRF rules → 400); undefined when none was given. */
  async check(url: string | undefined): Promise<string | undefined> {
    if (url === undefined) return undefined;
    if (!this.repository) {
      throw new DomainError(
        'validation_failed',
        'callback_url needs the Postgres job store (DATABASE_URL); this server uses Supabase',
      );
    }
    await assertWebhookUrl(url, { allowPrivate: this.config.webhooks.allowPrivate });
    return url;
  }

  /** Stores the job's callback with a new secret and returns the secret (shown once). */
  async attach(jobId: string, url: string): Promise<string> {
    const secret = newWebhookSecret();
    await this.required().setJobCallback({ jobId, url, secret });
    return secret;
  }

  async list(principal: Principal, jobId: string) {
    const job = await findOwnedJob(this.store, principal, jobId);
    const deliveries = this.repository ? await this.repository.listDeliveries(job.id) : [];
    return deliveries.map(deliveryView);
  }

  /** Sends a delivery again, same `webhook-id` and body, with a fresh attempt schedule. */
  async redeliver(principal: Principal, jobId: string, deliveryId: string) {
    const job = await findOwnedJob(this.store, principal, jobId);
    const repository = this.required();
    const delivery = await repository.getDelivery(job.id, deliveryId);
    if (!delivery || !this.queue) throw deliveryNotFound();
    const previous = (await this.queue.getJob(delivery.id)) as Job | undefined;
    if (previous && ['active', 'waiting', 'delayed'].includes(await previous.getState())) {
      throw new DomainError('invalid_state', 'Webhook delivery is still in progress');
    }
    await previous?.remove();
    await repository.reopenDelivery(job.id, delivery.id);
    const payload = {
      webhookId: delivery.id,
      url: delivery.url,
      signer: deliverySigner(delivery.id, job.id),
      body: delivery.body,
    };
    await enqueueWebhook(this.queue, payload, this.config.webhooks.retryScheduleS.length);
    return { ok: true, job_id: job.id, delivery_id: delivery.id, status: 'pending' };
  }

  private required(): WebhookRepository {
    if (!this.repository) throw deliveryNotFound();
    return this.repository;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue?.close();
    await this.repository?.close();
  }
}
