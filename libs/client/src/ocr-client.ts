// Over 300 lines with its comments (under the lint limit without them), kept whole on purpose:
// OcrClient is the library's public surface, one short method per api route, each a thin call
// into http.ts/upload.ts/wait-for-job.ts; the operator webhook routes already live apart
// (webhook-endpoints.ts). Splitting the rest would spread one route table over several classes.
import type {
  CreatedJobAnswer,
  DryRunAnswer,
  JobEstimateAnswer,
  DeleteAnswer,
  EventTokenAnswer,
  JobAnswer,
  JobDetailsAnswer,
  JobListAnswer,
  JobBlocksAnswer,
  JobStatusAnswer,
  RenameAnswer,
  ResultLinkAnswer,
  RedeliverAnswer,
  UsageAnswer,
  WebhookDeliveryAnswer,
} from '@remote-ocr/contracts';
import { HttpCore, type ClientOptions } from './http.js';
import {
  jsonPart,
  setFields,
  type CreateDraftInput,
  type CreateJobInput,
  type CreateOptions,
  type ModelFields,
} from './job-inputs.js';
import { formBody, sha256Hex, toBlob } from './upload.js';
import { waitForJob, type WaitOptions } from './wait-for-job.js';
import { WebhookEndpointsApi } from './webhook-endpoints.js';
import { uploadsUseXhr, xhrFetch } from './xhr-upload.js';

/** Filters and paging of `GET /jobs`. */
export interface ListFilter {
  clientId?: string;
  documentId?: string;
  limit?: number;
  offset?: number;
}

/** Options of `retryFailed`. */
export interface RetryFailedOptions {
  includeFlagged?: boolean;
  model?: string;
}

/** Filters and paging of `GET /jobs/{id}/blocks`. */
export interface BlocksFilter {
  flag?: string;
  status?: 'done' | 'failed' | 'pending' | 'flagged';
  limit?: number;
  offset?: number;
}

/** A long-poll: wait up to `wait` seconds (0..60) for a change after `since` (an `updated_at`). */
export interface LongPoll {
  wait: number;
  since?: string;
  signal?: AbortSignal;
}

const path = (id: string, tail = '') => `/jobs/${encodeURIComponent(id)}${tail}`;

/** The form of `start`: engine, models and `max_cost`, the empty ones left out. */
function startBody(models: ModelFields): URLSearchParams {
  const body = new URLSearchParams();
  const wire = {
    engine: models.engine,
    text_model: models.textModel,
    table_model: models.tableModel,
    image_model: models.imageModel,
    max_cost: models.maxCost === undefined ? undefined : String(models.maxCost),
  };
  for (const [k, v] of Object.entries(wire)) if (v) body.set(k, v);
  return body;
}

/**
 * Typed client of every route of the server (docs/client.md). Works wherever `fetch` does:
 * Node ≥ 22 and browsers; `@remote-ocr/client/node` adds uploads from paths and streams.
 */
export class OcrClient {
  readonly http: HttpCore;
  /** Operator webhook endpoints (`/webhooks`). */
  readonly webhookEndpoints: WebhookEndpointsApi;

  constructor(options: ClientOptions) {
    this.http = new HttpCore(options);
    this.webhookEndpoints = new WebhookEndpointsApi(this.http);
  }

  /** `GET /health`. */
  health(): Promise<{ ok: boolean }> {
    return this.http.json('/health');
  }

  /** `POST /jobs`: uploads the PDF and blocks; the job is queued at once. */
  async createJob(input: CreateJobInput, options: CreateOptions = {}): Promise<CreatedJobAnswer> {
    const pdf = toBlob(input.pdf, 'application/pdf');
    const form = new FormData();
    setFields(form, { ...input, documentId: input.documentId ?? (await sha256Hex(pdf)) });
    form.set('pdf', pdf, 'document.pdf');
    form.set('blocks_file', jsonPart(input.blocks), 'blocks.json');
    return this.postForm('/jobs', form, options);
  }

  /** `POST /jobs/draft`: stores the PDF and its annotation, to start later. */
  async createDraft(
    input: CreateDraftInput,
    options: CreateOptions = {},
  ): Promise<CreatedJobAnswer> {
    const pdf = toBlob(input.pdf, 'application/pdf');
    const form = new FormData();
    setFields(form, { ...input, documentId: input.documentId ?? (await sha256Hex(pdf)) });
    const annotation = input.annotation;
    form.set(
      'annotation_json',
      typeof annotation === 'string' ? annotation : JSON.stringify(annotation),
    );
    form.set('pdf', pdf, 'document.pdf');
    return this.postForm('/jobs/draft', form, options);
  }

  /**
   * `GET /usage`: today's counters and the limits of the key's client (docs/quotas.md); with the
   * operator key every client, or only `clientId`.
   */
  usage(clientId?: string): Promise<UsageAnswer> {
    return this.http.json('/usage', { query: { client: clientId } });
  }

  /** `GET /health/ready`: Redis, database and storage answer. */
  ready(): Promise<Record<string, unknown>> {
    return this.http.json('/health/ready');
  }

  /**
   * `GET /jobs`, newest first; filters combine with AND. With `longPoll` the server answers as
   * soon as a listed job changes after `since` (docs/events.md).
   */
  listJobs(filter: ListFilter = {}, longPoll?: LongPoll): Promise<JobListAnswer[]> {
    const query = {
      client_id: filter.clientId,
      document_id: filter.documentId,
      limit: filter.limit,
      offset: filter.offset,
      wait: longPoll?.wait,
      since: longPoll?.since,
    };
    return this.http.json('/jobs', { query, signal: longPoll?.signal, noTimeout: !!longPoll });
  }

  /** `GET /jobs/{id}`; with `wait` a long-poll that answers when the job changes after `since`. */
  getJob(id: string, longPoll?: LongPoll): Promise<JobAnswer> {
    if (!longPoll) return this.http.json(path(id));
    const query = { wait: longPoll.wait, since: longPoll.since };
    return this.http.json(path(id), { query, signal: longPoll.signal, noTimeout: true });
  }

  /** `GET /jobs/{id}/details`. */
  getDetails(id: string): Promise<JobDetailsAnswer> {
    return this.http.json(path(id, '/details'));
  }

  /** `GET /jobs/{id}/result`: a download link of result.zip. */
  getResultLink(id: string): Promise<ResultLinkAnswer> {
    return this.http.json(path(id, '/result'));
  }

  /** Downloads result.zip (as a Blob; the Node entry can write it to a file instead). */
  async downloadResult(id: string, signal?: AbortSignal): Promise<Blob> {
    return (await this.openResult(id, signal)).blob();
  }

  /** The response of result.zip's download, for callers that stream it. */
  async openResult(id: string, signal?: AbortSignal): Promise<Response> {
    const { download_url } = await this.getResultLink(id);
    const url = new URL(download_url, this.http.baseUrl).toString();
    const res = await fetch(url, { signal });
    if (!res.ok) throw new Error(`result.zip download failed: HTTP ${res.status}`);
    return res;
  }

  /** `PATCH /jobs/{id}`. */
  rename(id: string, taskName: string): Promise<RenameAnswer> {
    const body = new URLSearchParams({ task_name: taskName });
    return this.http.json(path(id), { method: 'PATCH', body });
  }

  /** `POST /jobs/{id}/start` of a draft, with optional engine, models and `max_cost`. */
  start(id: string, models: ModelFields = {}): Promise<JobStatusAnswer> {
    return this.http.json(path(id, '/start'), { method: 'POST', body: startBody(models) });
  }

  /** `POST /jobs/{id}/start` with `dry_run=true`: the draft's estimate; the draft stays. */
  estimateDraft(id: string, models: ModelFields = {}): Promise<DryRunAnswer> {
    const body = startBody(models);
    body.set('dry_run', 'true');
    return this.http.json(path(id, '/start'), { method: 'POST', body });
  }

  /** `POST /jobs/estimate`: the form of `createJob`; nothing is stored (docs/costs.md). */
  async estimate(input: CreateJobInput, signal?: AbortSignal): Promise<JobEstimateAnswer> {
    const pdf = toBlob(input.pdf, 'application/pdf');
    const form = new FormData();
    setFields(form, { ...input, documentId: input.documentId ?? (await sha256Hex(pdf)) });
    form.set('pdf', pdf, 'document.pdf');
    form.set('blocks_file', jsonPart(input.blocks), 'blocks.json');
    return this.http.json('/jobs/estimate', {
      method: 'POST',
      body: form,
      signal,
      noTimeout: true,
    });
  }

  pause(id: string): Promise<JobStatusAnswer> {
    return this.http.json(path(id, '/pause'), { method: 'POST' });
  }

  /** `maxCost`: a new spending cap, e.g. raised after a `budget_exceeded` pause. */
  resume(id: string, maxCost?: number): Promise<JobStatusAnswer> {
    if (maxCost === undefined) return this.http.json(path(id, '/resume'), { method: 'POST' });
    const body = new URLSearchParams({ max_cost: String(maxCost) });
    return this.http.json(path(id, '/resume'), { method: 'POST', body });
  }

  /** `POST /jobs/{id}/restart`, optionally with new blocks; idempotent with its own key. */
  restart(
    id: string,
    blocks?: unknown,
    options: CreateOptions & { maxCost?: number } = {},
  ): Promise<JobStatusAnswer> {
    const form = new FormData();
    if (blocks !== undefined) form.set('blocks_file', jsonPart(blocks), 'blocks.json');
    if (options.maxCost !== undefined) form.set('max_cost', String(options.maxCost));
    return this.postForm(path(id, '/restart'), form, options);
  }

  /**
   * `POST /jobs/{id}/retry-failed`: re-runs only the blocks that failed; with `includeFlagged`
   * also done blocks with a warning flag, with `model` on another model (servers with block
   * confidence, docs/confidence.md).
   */
  retryFailed(id: string, options: RetryFailedOptions = {}): Promise<JobStatusAnswer> {
    const query = { include_flagged: options.includeFlagged ? 'true' : undefined };
    const call = { method: 'POST', query };
    if (!options.model) return this.http.json(path(id, '/retry-failed'), call);
    const body = JSON.stringify({ model: options.model });
    const headers = { 'content-type': 'application/json' };
    return this.http.json(path(id, '/retry-failed'), { ...call, body, headers });
  }

  /** `GET /jobs/{id}/blocks`: a page of the job's block results, filtered by flag or status. */
  getBlocks(id: string, filter: BlocksFilter = {}): Promise<JobBlocksAnswer> {
    return this.http.json(path(id, '/blocks'), { query: { ...filter } });
  }

  /** `DELETE /jobs/{id}`: the job, its rows and every stored object. */
  deleteJob(id: string): Promise<DeleteAnswer> {
    return this.http.json(path(id), { method: 'DELETE' });
  }

  /** `POST /jobs/{id}/events/token`: a short-lived URL for `EventSource`. */
  jobEventsToken(id: string): Promise<EventTokenAnswer> {
    return this.http.json(path(id, '/events/token'), { method: 'POST' });
  }

  /** `POST /jobs/events/token`: the same for a client's stream of every job. */
  clientEventsToken(clientId?: string): Promise<EventTokenAnswer> {
    const body = JSON.stringify(clientId ? { client_id: clientId } : {});
    const headers = { 'content-type': 'application/json' };
    return this.http.json('/jobs/events/token', { method: 'POST', body, headers });
  }

  /** `GET /jobs/{id}/events` as a raw response (`text/event-stream`); see `readSse`. */
  openJobEvents(id: string, lastEventId?: string, signal?: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (lastEventId) headers['last-event-id'] = lastEventId;
    return this.http.send(path(id, '/events'), { headers, signal, noTimeout: true });
  }

  /** `GET /jobs/events?client_id=` as a raw response (`text/event-stream`); it stays open. */
  openClientEvents(
    clientId?: string,
    lastEventId?: string,
    signal?: AbortSignal,
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (lastEventId) headers['last-event-id'] = lastEventId;
    const query = { client_id: clientId };
    return this.http.send('/jobs/events', { headers, query, signal, noTimeout: true });
  }

  /** Waits until the job is done or failed: live events when offered, else (long-)polling. */
  waitForJob(id: string, options: WaitOptions = {}): Promise<JobAnswer> {
    return waitForJob(this, id, options);
  }

  /** `GET /jobs/{id}/webhooks`: the job's webhook deliveries with every attempt. */
  listWebhookDeliveries(id: string): Promise<WebhookDeliveryAnswer[]> {
    return this.http.json(path(id, '/webhooks'));
  }

  /** `POST /jobs/{id}/webhooks/{delivery}/redeliver`: sends a delivery again, same id and body. */
  redeliverWebhook(id: string, deliveryId: string): Promise<RedeliverAnswer> {
    const route = path(id, `/webhooks/${encodeURIComponent(deliveryId)}/redeliver`);
    return this.http.json(route, { method: 'POST' });
  }

  /** A multipart POST carrying an Idempotency-Key, so it is retried safely. */
  private async postForm<T>(route: string, form: FormData, options: CreateOptions): Promise<T> {
    const key = options.idempotencyKey ?? crypto.randomUUID();
    let finish = (): void => undefined;
    const progress = options.onUploadProgress;
    // Browsers: XMLHttpRequest, for upload events without a streamed body (xhr-upload.ts).
    const viaXhr = progress && uploadsUseXhr() ? xhrFetch(progress) : undefined;
    // A streamed body is read once: every try builds it afresh from the same form.
    const build = () => {
      if (viaXhr) return { body: form, headers: { 'idempotency-key': key } };
      const { body, headers, done } = formBody(form, options.onUploadProgress);
      finish = done;
      return { body, headers: { ...headers, 'idempotency-key': key } };
    };
    const res = await this.http.send(route, {
      method: 'POST',
      ...build(),
      idempotent: true,
      noTimeout: true,
      signal: options.signal,
      rebuild: build,
      fetch: viaXhr,
    });
    finish();
    return (await res.json()) as T;
  }
}
