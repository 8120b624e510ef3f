/** Webhook tables (supabase/migrations/20261203000400_webhooks.sql; docs/webhooks.md). */

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed' | 'gone';
export type WebhookAttemptOutcomeName = 'delivered' | 'retrying' | 'failed' | 'gone';

export interface JobCallback {
  jobId: string;
  url: string;
  secret: string;
}

export interface NewWebhookDelivery {
  /** The `webhook-id`. */
  id: string;
  jobId: string;
  event: string;
  url: string;
  body: string;
}

export interface WebhookAttemptRow {
  attempt: number;
  statusCode: number | null;
  latencyMs: number;
  outcome: WebhookAttemptOutcomeName;
  detail: string;
  at: Date;
}

export interface WebhookDeliveryRecord extends NewWebhookDelivery {
  status: WebhookDeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  createdAt: Date;
  updatedAt: Date;
  log: WebhookAttemptRow[];
}

const FINAL: Record<WebhookAttemptOutcomeName, WebhookDeliveryStatus> = {
  delivered: 'delivered',
  retrying: 'pending',
  failed: 'failed',
  gone: 'gone',
};

/** The delivery status after an attempt with this outcome. */
export function statusAfter(outcome: WebhookAttemptOutcomeName): WebhookDeliveryStatus {
  return FINAL[outcome];
}

export interface WebhookRepository {
  setJobCallback(callback: JobCallback): Promise<void>;
  getJobCallback(jobId: string): Promise<JobCallback | null>;
  /** The receiver answered 410 Gone: the job sends it nothing more. */
  removeJobCallback(jobId: string): Promise<void>;
  /** Inserts the delivery unless one with its id exists (a re-read event); true when inserted. */
  addDelivery(delivery: NewWebhookDelivery): Promise<boolean>;
  getDelivery(jobId: string, id: string): Promise<WebhookDeliveryRecord | null>;
  /** Appends an attempt and moves the delivery to the status its outcome implies. */
  recordAttempt(deliveryId: string, attempt: Omit<WebhookAttemptRow, 'at'>): Promise<void>;
  /** Deliveries of a job, oldest first, each with its attempt log. */
  listDeliveries(jobId: string): Promise<WebhookDeliveryRecord[]>;
  /** Puts a finished delivery back to `pending` (redeliver); false when it does not exist. */
  reopenDelivery(jobId: string, id: string): Promise<boolean>;
  close(): Promise<void>;
}
