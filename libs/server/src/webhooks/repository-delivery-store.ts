import type {
  WebhookEndpointRecord,
  WebhookEndpointRepository,
  WebhookRepository,
} from '@remote-ocr/storage';
import type { WebhookAttemptRecord, WebhookDeliveryStore } from './webhook-delivery.js';

const JOB_SIGNER = /^job:([0-9a-f-]{36})$/;
const ENDPOINT_SIGNER = /^endpoint:(.+)$/;

/** An endpoint's signing secrets: the current one, and the previous while its overlap lasts. */
export function endpointSecrets(endpoint: WebhookEndpointRecord, now = new Date()): string[] {
  const { secret, previousSecret, previousSecretUntil } = endpoint;
  const overlap =
    previousSecret !== null && previousSecretUntil !== null && previousSecretUntil > now;
  return overlap ? [secret, previousSecret] : [secret];
}

/**
 * The delivery processor's store on the webhook tables. A job's own `callback_url` signs with the
 * job's secret (signer `job:<id>`); a 410 from that receiver removes the job's callback, so the
 * job sends nothing more and a later redelivery ends at once as disabled. An operator endpoint
 * (signer `endpoint:<id>`) signs with its secrets (two during a rotation's overlap); a 410 marks it
 * disabled, which GET /webhooks shows.
 */
export class RepositoryDeliveryStore implements WebhookDeliveryStore {
  constructor(
    private readonly repository: WebhookRepository,
    private readonly endpoints: WebhookEndpointRepository | null = null,
  ) {}

  async secretsFor(signer: string): Promise<string[] | null> {
    const endpointId = ENDPOINT_SIGNER.exec(signer)?.[1];
    if (endpointId !== undefined) {
      const endpoint = this.endpoints ? await this.endpoints.get(endpointId) : null;
      return endpoint && !endpoint.disabledAt ? endpointSecrets(endpoint) : null;
    }
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
    const endpointId = ENDPOINT_SIGNER.exec(signer)?.[1];
    if (endpointId !== undefined) {
      await this.endpoints?.disable(endpointId, 'receiver answered 410 Gone');
      return;
    }
    const jobId = JOB_SIGNER.exec(signer)?.[1];
    if (jobId) await this.repository.removeJobCallback(jobId);
  }
}
