import type { JobUsageAnswer } from './usage-answers.js';
import type { JobListItem } from './job-list-item.js';
import type { EngineName, FileType, JobStatus } from './job-status.js';

/**
 * JSON answers of the HTTP routes (docs/contract.md §2 plus our additions), as clients see them. The api
 * builds them in `apps/api/src/jobs/job-views.ts`; `@remote-ocr/client` types its calls with them.
 */

/** `POST /jobs` and `POST /jobs/draft` (a draft adds `r2_prefix`). */
export interface CreatedJobAnswer {
  id: string;
  status: JobStatus;
  progress: number;
  document_id: string;
  document_name: string;
  task_name: string;
  r2_prefix?: string;
  /** Only when the job named a `callback_url`, and only in this answer (docs/webhooks.md). */
  webhook_secret?: string;
}

/** `GET /jobs/{id}` (a queued job may add `queue_position`; see docs/events.md). */
export interface JobAnswer {
  id: string;
  client_id: string;
  document_id: string;
  document_name: string;
  task_name: string;
  status: JobStatus;
  progress: number;
  engine: EngineName;
  r2_prefix: string;
  error_message: string | null;
  created_at: string;
  updated_at: string;
  blocks_total?: number;
  blocks_done?: number;
  blocks_failed?: number;
  /** Done blocks with a warning flag (servers with block confidence). */
  blocks_flagged?: number;
  eta_seconds?: number | null;
  queue_position?: number | null;
  /** Machine code of the error or pause reason, e.g. `budget_exceeded` (servers with costs). */
  error_code?: string | null;
  /** Engine usage and cost of the job (servers with costs, docs/costs.md). */
  usage?: JobUsageAnswer;
}

/** One element of `GET /jobs`. */
export type JobListAnswer = JobListItem;

/** `GET /jobs/{id}/details`. */
export interface JobDetailsAnswer extends JobAnswer {
  block_stats: { total: number; text: number; table: number; image: number; grouped: number };
  job_settings: { text_model?: string; table_model?: string; image_model?: string };
  r2_base_url: string | null;
  r2_files: Array<{
    name: string;
    path: string;
    icon: string;
    file_type?: FileType;
    size?: number;
  }>;
}

/** `GET /jobs/{id}/result`. */
export interface ResultLinkAnswer {
  download_url: string;
  file_name: string;
}

/** `POST /jobs/{id}/start|pause|resume|restart|retry-failed`. */
export interface JobStatusAnswer {
  ok: true;
  job_id: string;
  status: JobStatus;
}

/** `PATCH /jobs/{id}`. */
export interface RenameAnswer {
  ok: true;
  job_id: string;
  task_name: string;
}

/** `DELETE /jobs/{id}`. */
export interface DeleteAnswer {
  ok: true;
  deleted_job_id: string;
}

/** `POST /jobs/{id}/events/token` and `POST /jobs/events/token`. */
export interface EventTokenAnswer {
  token: string;
  expires_at: string;
  url: string;
}

/** One block of `GET /jobs/{id}/blocks` (docs/confidence.md); old servers lack the route. */
export interface BlockAnswer {
  block_id: string;
  status: 'done' | 'failed';
  text: string | null;
  error: string | null;
  read_method: string | null;
  flags: string[];
  confidence: number | null;
  flagged: boolean;
  engine: string | null;
  model: string | null;
}

/** `GET /jobs/{id}/blocks`: a page of a job's block results. */
export interface JobBlocksAnswer {
  job_id: string;
  total: number;
  offset: number;
  limit: number;
  blocks: BlockAnswer[];
}

/** One attempt of a webhook delivery, in `GET /jobs/{id}/webhooks`. */
export interface WebhookAttemptAnswer {
  attempt: number;
  status_code: number | null;
  latency_ms: number | null;
  outcome: string;
  at: string;
}

/** One webhook delivery of a job and its attempts (docs/webhooks.md). */
export interface WebhookDeliveryAnswer {
  id: string;
  event: string;
  url: string;
  status: string;
  attempts: number;
  last_status_code: number | null;
  created_at: string;
  updated_at: string;
  log: WebhookAttemptAnswer[];
}

/** `POST /jobs/{id}/webhooks/{delivery}/redeliver`. */
export interface RedeliverAnswer {
  ok: true;
  job_id: string;
  delivery_id: string;
  status: 'pending';
}
