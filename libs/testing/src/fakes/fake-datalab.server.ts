import type { ServerResponse } from 'node:http';
import { RecordingServer, sendJson, type RecordedRequest } from './recording-server.js';

/** One marker submission as the fake parsed it from the multipart body. */
export interface MarkerSubmission {
  requestId: string;
  file: Uint8Array;
  fileName: string;
  fileType: string;
  fields: Record<string, string>;
  apiKey?: string;
  polls: number;
}

/** Final state of a submission: `complete` with the text, or `failed` with an error. */
export type MarkerOutcome =
  { status: 'complete'; text: string } | { status: 'failed'; error: string };

export interface FakeDatalabOptions {
  latencyMs?: number;
  /** Polls answered `{status:'processing'}` before the final state (default 1). */
  processingPolls?: number;
  /** Decides each submission's final state (default: complete with a short markdown). */
  outcome?: (sub: MarkerSubmission) => MarkerOutcome;
}

/**
 * Fake Datalab marker API on loopback: `POST /api/v1/marker` (multipart `file`, `output_format`,
 * `mode`, header `X-Api-Key`) → `{success, request_id, request_check_url}`; `GET` on the check URL →
 * `{status:'processing'}` `processingPolls` times, then the outcome. Scripted behaviours
 * (`enqueue`) apply to submissions and polls alike, in arrival order.
 */
export class FakeDatalabServer extends RecordingServer {
  processingPolls: number;
  outcome: (sub: MarkerSubmission) => MarkerOutcome;
  readonly submissions = new Map<string, MarkerSubmission>();
  private readonly latencyMs: number;

  private constructor(options: FakeDatalabOptions) {
    super();
    this.latencyMs = options.latencyMs ?? 0;
    this.defaultBehaviour = { kind: 'answer', latencyMs: this.latencyMs };
    this.processingPolls = options.processingPolls ?? 1;
    this.outcome =
      options.outcome ??
      ((s) => ({
        status: 'complete',
        text: `# Page\n\nmarkdown of ${s.fileName} (${s.file.length} bytes)`,
      }));
  }

  static async start(options: FakeDatalabOptions = {}): Promise<FakeDatalabServer> {
    return new FakeDatalabServer(options).listen();
  }

  /** Base URL to give the engine. */
  get url(): string {
    return this.origin;
  }

  submitCalls(): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/marker');
  }

  pollCalls(): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v1/marker/'));
  }

  protected async handle(rec: RecordedRequest, res: ServerResponse): Promise<void> {
    if (await this.applyFailure(this.nextBehaviour(), rec, res)) return;
    if (rec.method === 'POST' && rec.path === '/api/v1/marker') return this.submit(rec, res);
    const id = /^\/api\/v1\/marker\/([\w-]+)$/.exec(rec.path)?.[1];
    const sub = id ? this.submissions.get(id) : undefined;
    if (rec.method === 'GET' && sub) return this.poll(sub, res);
    sendJson(res, 404, { detail: 'Not found' });
  }

  private async submit(rec: RecordedRequest, res: ServerResponse): Promise<void> {
    const apiKey = header(rec, 'x-api-key');
    if (!apiKey) return sendJson(res, 401, { detail: 'Missing X-Api-Key' });
    const form = await new Request('http://fake/', {
      method: 'POST',
      headers: { 'content-type': header(rec, 'content-type') ?? '' },
      body: rec.body,
    }).formData();
    const file = form.get('file');
    if (!(file instanceof File)) return sendJson(res, 400, { detail: 'file is required' });
    const fields: Record<string, string> = {};
    for (const [k, v] of form) if (typeof v === 'string') fields[k] = v;
    const requestId = `req-${rec.seq}`;
    this.submissions.set(requestId, {
      requestId,
      file: new Uint8Array(await file.arrayBuffer()),
      fileName: file.name,
      fileType: file.type,
      fields,
      apiKey,
      polls: 0,
    });
    sendJson(res, 200, {
      success: true,
      error: null,
      request_id: requestId,
      request_check_url: `${this.origin}/api/v1/marker/${requestId}`,
    });
  }

  private poll(sub: MarkerSubmission, res: ServerResponse): void {
    sub.polls += 1;
    if (sub.polls <= this.processingPolls) return sendJson(res, 200, { status: 'processing' });
    const out = this.outcome(sub);
    if (out.status === 'failed') {
      return sendJson(res, 200, { status: 'failed', success: false, error: out.error });
    }
    const format = sub.fields.output_format ?? 'markdown';
    sendJson(res, 200, {
      status: 'complete',
      success: true,
      output_format: format,
      [format === 'html' ? 'html' : 'markdown']: out.text,
      page_count: 1,
      error: null,
    });
  }
}

function header(rec: RecordedRequest, name: string): string | undefined {
  const v = rec.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
