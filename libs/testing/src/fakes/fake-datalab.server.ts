import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { noisyAnswer, type NoiseRates } from '../noise/answer-noise.js';
import { SeededRandom } from '../noise/seeded-random.js';
import { StripImageReader } from '../noise/strip-image-reader.js';
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
  /** In noisy mode: the markdown read off the image when it was submitted. */
  noisyText?: string;
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
  /** Noisy mode: read the strip image like an OCR service and corrupt the result (seeded). */
  noise?: DatalabNoise;
}

/** What the noisy mode corrupts and how often; answers are never cut (no output limit). */
export interface DatalabNoise {
  rates: NoiseRates;
  seed: number;
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
  /** Noisy mode (set or clear between jobs): see `noisyMarkdown`. */
  noise: DatalabNoise | undefined;
  private readonly latencyMs: number;
  private reader?: StripImageReader;

  private constructor(options: FakeDatalabOptions) {
    super();
    this.latencyMs = options.latencyMs ?? 0;
    this.defaultBehaviour = { kind: 'answer', latencyMs: this.latencyMs };
    this.processingPolls = options.processingPolls ?? 1;
    this.noise = options.noise;
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
    const bytes = new Uint8Array(await file.arrayBuffer());
    const noisyText = this.noise ? await this.noisyMarkdown(bytes, this.noise, rec.seq) : undefined;
    this.submissions.set(requestId, {
      requestId,
      file: bytes,
      fileName: file.name,
      fileType: file.type,
      fields,
      apiKey,
      polls: 0,
      noisyText,
    });
    sendJson(res, 200, {
      success: true,
      error: null,
      request_id: requestId,
      request_check_url: `${this.origin}/api/v1/marker/${requestId}`,
    });
  }

  private noisyMarkdown(png: Uint8Array, noise: DatalabNoise, seq: number): Promise<string> {
    this.reader ??= new StripImageReader();
    return readNoisy(this.reader, png, noise, seq);
  }

  override async close(): Promise<void> {
    await this.reader?.close();
    await super.close();
  }

  private poll(sub: MarkerSubmission, res: ServerResponse): void {
    sub.polls += 1;
    if (sub.polls <= this.processingPolls) return sendJson(res, 200, { status: 'processing' });
    const out: MarkerOutcome =
      sub.noisyText !== undefined ? { status: 'complete', text: sub.noisyText } : this.outcome(sub);
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

/**
 * The markdown of a strip as an OCR service returns it, learnt from the image alone: each
 * separator label as Tesseract reads it, then a text standing for the block (keyed by its pixels,
 * so a block reads the same on any strip), corrupted at `noise.rates`. An image without bars (an
 * IMAGE block) reads as one text keyed by its bytes.
 */
export async function readNoisy(
  reader: StripImageReader,
  png: Uint8Array,
  noise: DatalabNoise,
  seq: number,
): Promise<string> {
  const bands = await reader.read(png);
  if (bands.length === 0)
    return `Изображение ${createHash('sha1').update(png).digest('hex').slice(0, 10)}`;
  const sections = bands.map((band, i) => ({
    marker: band.label.replace(/^\W*BLOCK\W*/i, ''),
    index: i + 1,
    text: `Текст блока ${band.contentKey}.`,
  }));
  const rates = { ...noise.rates, truncate: 0 };
  return noisyAnswer(sections, rates, new SeededRandom(noise.seed + seq)).text;
}

function header(rec: RecordedRequest, name: string): string | undefined {
  const v = rec.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
