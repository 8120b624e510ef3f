import type {
  DeleteWebhookEndpointAnswer,
  RotateSecretInput,
  WebhookEndpointAnswer,
  WebhookEndpointInput,
  WebhookEndpointWithSecretAnswer,
} from '@remote-ocr/contracts';
import type { HttpCore } from './http.js';

const route = (id?: string, tail = '') =>
  id === undefined ? '/webhooks' : `/webhooks/${encodeURIComponent(id)}${tail}`;

const jsonBody = (method: string, body: object) => ({
  method,
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
});

/**
 * Operator webhook endpoints (docs/webhooks.md), `client.webhookEndpoints`: operator key only.
 * `create` and `rotateSecret` answer the endpoint's secret; nothing else ever shows it.
 */
export class WebhookEndpointsApi {
  constructor(private readonly http: HttpCore) {}

  /** `POST /webhooks`. */
  create(input: WebhookEndpointInput): Promise<WebhookEndpointWithSecretAnswer> {
    return this.http.json(route(), jsonBody('POST', input));
  }

  /** `GET /webhooks`. */
  list(): Promise<WebhookEndpointAnswer[]> {
    return this.http.json(route());
  }

  /** `GET /webhooks/{id}`. */
  get(id: string): Promise<WebhookEndpointAnswer> {
    return this.http.json(route(id));
  }

  /** `PATCH /webhooks/{id}`: fields left out keep their value. */
  update(id: string, input: Partial<WebhookEndpointInput>): Promise<WebhookEndpointAnswer> {
    return this.http.json(route(id), jsonBody('PATCH', input));
  }

  /** `DELETE /webhooks/{id}`. */
  delete(id: string): Promise<DeleteWebhookEndpointAnswer> {
    return this.http.json(route(id), { method: 'DELETE' });
  }

  /** `POST /webhooks/{id}/rotate-secret`: both secrets sign for `overlap_s` (default 24 h). */
  rotateSecret(
    id: string,
    input: RotateSecretInput = {},
  ): Promise<WebhookEndpointWithSecretAnswer> {
    return this.http.json(route(id, '/rotate-secret'), jsonBody('POST', input));
  }
}
