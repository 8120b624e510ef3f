import type { Generated, Kysely } from 'kysely';
import { isJobId } from '../rows/row-mappers.js';
import {
  statusAfter,
  type JobCallback,
  type NewWebhookDelivery,
  type WebhookAttemptRow,
  type WebhookDeliveryRecord,
  type WebhookDeliveryStatus,
  type WebhookRepository,
} from './webhook.repository.js';
import { openKysely } from '../postgres/open-kysely.js';

interface WebhookTables {
  job_webhooks: { job_id: string; url: string; secret: string };
  webhook_deliveries: {
    id: string;
    job_id: string;
    event: string;
    url: string;
    body: string;
    status: Generated<WebhookDeliveryStatus>;
    attempts: Generated<number>;
    last_status_code: number | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  webhook_attempts: {
    id: Generated<string>;
    delivery_id: string;
    attempt: number;
    status_code: number | null;
    latency_ms: number;
    outcome: WebhookAttemptRow['outcome'];
    detail: string;
    at: Generated<Date>;
  };
}

/**
 * The webhook tables on Postgres. Its own small pool (not the JobStore's), so the job store's
 * interface stays as it is for stores that do not deliver webhooks.
 */
export class PostgresWebhookRepository implements WebhookRepository {
  private readonly db: Kysely<WebhookTables>;

  constructor(connectionString: string) {
    this.db = openKysely<WebhookTables>(connectionString, { max: 3 });
  }

  async setJobCallback({ jobId, url, secret }: JobCallback): Promise<void> {
    await this.db.insertInto('job_webhooks').values({ job_id: jobId, url, secret }).execute();
  }

  async getJobCallback(jobId: string): Promise<JobCallback | null> {
    if (!isJobId(jobId)) return null;
    const row = await this.db
      .selectFrom('job_webhooks')
      .select(['url', 'secret'])
      .where('job_id', '=', jobId)
      .executeTakeFirst();
    return row ? { jobId, url: row.url, secret: row.secret } : null;
  }

  async removeJobCallback(jobId: string): Promise<void> {
    if (!isJobId(jobId)) return;
    await this.db.deleteFrom('job_webhooks').where('job_id', '=', jobId).execute();
  }

  async addDelivery(delivery: NewWebhookDelivery): Promise<boolean> {
    const result = await this.db
      .insertInto('webhook_deliveries')
      .values({
        id: delivery.id,
        job_id: delivery.jobId,
        event: delivery.event,
        url: delivery.url,
        body: delivery.body,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async recordAttempt(deliveryId: string, attempt: Omit<WebhookAttemptRow, 'at'>): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('webhook_attempts')
        .values({
          delivery_id: deliveryId,
          attempt: attempt.attempt,
          status_code: attempt.statusCode,
          latency_ms: attempt.latencyMs,
          outcome: attempt.outcome,
          detail: attempt.detail,
        })
        .execute();
      await trx
        .updateTable('webhook_deliveries')
        .set((eb) => ({
          status: statusAfter(attempt.outcome),
          attempts: eb('attempts', '+', 1),
          last_status_code: attempt.statusCode,
        }))
        .where('id', '=', deliveryId)
        .execute();
    });
  }

  async listDeliveries(jobId: string): Promise<WebhookDeliveryRecord[]> {
    if (!isJobId(jobId)) return [];
    return this.load(jobId);
  }

  async getDelivery(jobId: string, id: string): Promise<WebhookDeliveryRecord | null> {
    if (!isJobId(jobId)) return null;
    return (await this.load(jobId, id))[0] ?? null;
  }

  async reopenDelivery(jobId: string, id: string): Promise<boolean> {
    if (!isJobId(jobId)) return false;
    const result = await this.db
      .updateTable('webhook_deliveries')
      .set({ status: 'pending' })
      .where('job_id', '=', jobId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  close(): Promise<void> {
    return this.db.destroy();
  }

  private async load(jobId: string, id?: string): Promise<WebhookDeliveryRecord[]> {
    let query = this.db.selectFrom('webhook_deliveries').selectAll().where('job_id', '=', jobId);
    if (id !== undefined) query = query.where('id', '=', id);
    const rows = await query.orderBy('created_at').orderBy('id').execute();
    if (rows.length === 0) return [];
    const attempts = await this.db
      .selectFrom('webhook_attempts')
      .selectAll()
      .where(
        'delivery_id',
        'in',
        rows.map((row) => row.id),
      )
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      jobId: row.job_id,
      event: row.event,
      url: row.url,
      body: row.body,
      status: row.status,
      attempts: row.attempts,
      lastStatusCode: row.last_status_code,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      log: attempts
        .filter((a) => a.delivery_id === row.id)
        .map((a) => ({
          attempt: a.attempt,
          statusCode: a.status_code,
          latencyMs: a.latency_ms,
          outcome: a.outcome,
          detail: a.detail,
          at: a.at,
        })),
    }));
  }
}
