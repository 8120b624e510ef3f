/** Operator webhook endpoints over HTTP (routes under `/webhooks`, docs/webhooks.md). */

export type WebhookEndpointEvent =
  'job.done' | 'job.error' | 'job.paused' | 'job.progress' | 'job.stalled';

/** Body of `POST /webhooks`; of `PATCH /webhooks/{id}` with every field optional. */
export interface WebhookEndpointInput {
  url: string;
  /** The jobs' `client_id` this endpoint hears about; null, `"*"` or absent = every client. */
  client_id?: string | null;
  events: WebhookEndpointEvent[];
  /** `job.progress` at most once per this many seconds per job (default 60). */
  progress_interval_s?: number;
}

/** Body of `POST /webhooks/{id}/rotate-secret`. */
export interface RotateSecretInput {
  /** Seconds the old secret keeps signing next to the new one (default 86400). */
  overlap_s?: number;
}

/** An endpoint as `GET /webhooks` shows it: never its secret. */
export interface WebhookEndpointAnswer {
  id: string;
  url: string;
  client_id: string | null;
  events: WebhookEndpointEvent[];
  progress_interval_s: number;
  /** `api` (these routes) or `env` (`WEBHOOK_ENDPOINTS`, read-only here). */
  source: 'api' | 'env';
  /** Set when the receiver answered 410 Gone: nothing is sent until the URL changes. */
  disabled_at: string | null;
  disabled_reason: string | null;
  /** While set and in the future, the previous secret still signs too. */
  previous_secret_expires_at: string | null;
  created_at: string;
  updated_at: string;
}

/** `POST /webhooks` and `POST /webhooks/{id}/rotate-secret`: the only answers with the secret. */
export interface WebhookEndpointWithSecretAnswer extends WebhookEndpointAnswer {
  secret: string;
}

/** `DELETE /webhooks/{id}`. */
export interface DeleteWebhookEndpointAnswer {
  ok: true;
  id: string;
}
