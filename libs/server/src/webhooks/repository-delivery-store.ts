import type { WebhookRepository } from '@remote-ocr/storage';
import type { WebhookAttemptRecord, WebhookDeliveryStore } from './webhook-delivery.js';

const JOB_SIGNER = /^job:([0-9a-f-]{36})$/;

/**
 * The delivery processor's store on the webhook tables. A job's own `callback_url` signs with the
 * job's secret (signer `job:<id>`); a 410 from that receiver removes the job's callback, so the
 * job sends nothing more and a later redelivery ends at once as disabled.
 */
export class RepositoryDeliveryStore implements WebhookDeliveryStore {
  constructor(private readonly repository: WebhookRepository) {}

  async secretsFor(signer: string): Promise<string[] | null> {
    const jobId = JOB_SIGNER.exec(signer)?.[1];
    if (!jobId) return null;
    const callback = await this.repository.getJobCallback(jobId);
    return callback ? [callback.secret] : null;
  }

  async recordAttempt(record: WebhookAttemptRecord): Promise<void> {
    await this.repository.recordAttempt(record.webhookId, {
      attempt: record.attempt,
      statusCode: record.statusCode,
      latencyMs: record.latencyMs,
      outcome: record.outcome,
      detail: record.detail.slice(0, 1024),
    });
  }

  async disable(signer: string): Promise<void> {
    const jobId = JOB_SIGNER.exec(signer)?.[1];
    if (jobId) await this.repository.removeJobCallback(jobId);
  }
}
