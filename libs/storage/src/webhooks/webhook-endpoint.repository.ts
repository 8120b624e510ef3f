/** Operator webhook endpoints (supabase/migrations/20261203000500_webhook_endpoints.sql). */

export const WEBHOOK_EVENT_TYPES = [
  'job.done',
  'job.error',
  'job.paused',
  'job.progress',
  'job.stalled',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export type WebhookEndpointSource = 'api' | 'env';

/** What an operator sets on an endpoint. */
export interface WebhookEndpointSettings {
  url: string;
  /** The jobs' `client_id` it hears about; null = every client. */
  clientId: string | null;
  events: WebhookEventType[];
  progressIntervalS: number;
}

export interface WebhookEndpointRecord extends WebhookEndpointSettings {
  id: string;
  secret: string;
  previousSecret: string | null;
  previousSecretUntil: Date | null;
  source: WebhookEndpointSource;
  disabledAt: Date | null;
  disabledReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewWebhookEndpoint extends WebhookEndpointSettings {
  id: string;
  secret: string;
  source: WebhookEndpointSource;
}

export interface WebhookEndpointRepository {
  create(endpoint: NewWebhookEndpoint): Promise<WebhookEndpointRecord>;
  list(): Promise<WebhookEndpointRecord[]>;
  get(id: string): Promise<WebhookEndpointRecord | null>;
  /** Changes the settings; a changed URL clears `disabled_at` (a new receiver). Null if unknown. */
  update(id: string, settings: WebhookEndpointSettings): Promise<WebhookEndpointRecord | null>;
  delete(id: string): Promise<boolean>;
  /** New secret now; the current one keeps signing until `overlapUntil`. Null if unknown. */
  rotateSecret(
    id: string,
    secret: string,
    overlapUntil: Date,
  ): Promise<WebhookEndpointRecord | null>;
  /** Enabled endpoints that want `event` for jobs of `clientId`. */
  matching(clientId: string, event: WebhookEventType): Promise<WebhookEndpointRecord[]>;
  disable(id: string, reason: string): Promise<void>;
  /** Makes the `env` endpoints exactly `endpoints` (WEBHOOK_ENDPOINTS), keeping their disabled mark. */
  syncStatic(endpoints: NewWebhookEndpoint[]): Promise<void>;
  /** Replaces the body of a delivery not tried yet (a throttled `job.progress`: last state wins). */
  replacePendingBody(deliveryId: string, body: string): Promise<boolean>;
  close(): Promise<void>;
}
