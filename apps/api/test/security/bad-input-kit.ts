import { randomUUID } from 'node:crypto';
import { goodBlocks, sha256 } from './pdf-samples.js';

/** One HTTP request of a case, relative to the api's base URL (the API key is added for it). */
export interface SentRequest {
  method: string;
  route: string;
  body?: FormData | URLSearchParams | string | Uint8Array;
  headers?: Record<string, string>;
}

/** Sample PDFs made at test time, by name. */
export type Samples = Record<
  'good' | 'encrypted' | 'zeroPages' | 'countBomb' | 'countLie' | 'hugePage' | 'oversized',
  Uint8Array
>;

export interface CaseContext {
  samples: Samples;
}

/** One refused request: what is sent and the status plus `detail` it must be answered with. */
export interface BadInputCase {
  name: string;
  send: (ctx: CaseContext) => SentRequest;
  status: number;
  detail: RegExp;
}

export interface JobFormOptions {
  /** Field overrides; `undefined` leaves a field out. */
  fields?: Record<string, string | undefined>;
  /** The PDF bytes (default: the good sample); null leaves the part out. */
  pdf?: Uint8Array | null;
  /** The blocks file text (default: the good blocks); null leaves the part out. */
  blocks?: string | null;
  /** Extra file parts, e.g. an unexpected field. */
  files?: Array<{ name: string; bytes: Uint8Array; type?: string }>;
}

const blob = (bytes: Uint8Array | string, type: string): Blob =>
  new Blob([typeof bytes === 'string' ? bytes : Buffer.from(bytes)], { type });

/**
 * A `POST /jobs` form that is valid except for what the options change; `document_id` follows the
 * PDF sent, so a case tests the PDF itself and not the hash check.
 */
export function jobForm(ctx: CaseContext, o: JobFormOptions = {}): FormData {
  const pdf = o.pdf === undefined ? ctx.samples.good : o.pdf;
  const fields: Record<string, string | undefined> = {
    client_id: 'bad-input',
    document_id: sha256(pdf ?? ctx.samples.good),
    document_name: 'drawing.pdf',
    ...o.fields,
  };
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) form.append(k, v);
  if (pdf !== null) form.append('pdf', blob(pdf, 'application/pdf'), 'drawing.pdf');
  const blocks = o.blocks === undefined ? JSON.stringify(goodBlocks()) : o.blocks;
  if (blocks !== null) form.append('blocks_file', blob(blocks, 'application/json'), 'blocks.json');
  for (const f of o.files ?? [])
    form.append(f.name, blob(f.bytes, f.type ?? 'application/octet-stream'), `${f.name}.bin`);
  return form;
}

export const postJob = (ctx: CaseContext, o: JobFormOptions = {}): SentRequest => ({
  method: 'POST',
  route: '/jobs',
  body: jobForm(ctx, o),
});

/** `POST /jobs` whose blocks file is the given blocks (JSON-encoded). */
export const postBlocks = (blocks: unknown): ((ctx: CaseContext) => SentRequest) => {
  return (ctx) => postJob(ctx, { blocks: JSON.stringify(blocks) });
};

/** The good blocks with the first one changed by `patch` (a key set to undefined is removed). */
export function withFirstBlock(patch: Record<string, unknown>): Array<Record<string, unknown>> {
  const [first, ...rest] = goodBlocks();
  const changed: Record<string, unknown> = { ...first, ...patch };
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete changed[k];
  return [changed, ...rest];
}

/** A Document (docs/contract.md §3) around the good blocks, with page fields overridden. */
export function documentWith(pagePatch: Record<string, unknown> = {}): Record<string, unknown> {
  const blocks = goodBlocks();
  return {
    pdf_path: 'drawing.pdf',
    pages: blocks.map((b, i) => ({
      page_number: i,
      width: 2480,
      height: 3508,
      blocks: [b],
      ...(i === 0 ? pagePatch : {}),
    })),
  };
}

/** A `POST /jobs/draft` form; `annotation` null leaves the field out. */
export function draftRequest(
  ctx: CaseContext,
  annotation: string | null,
  fields: Record<string, string> = {},
): SentRequest {
  const form = new FormData();
  const all = {
    client_id: 'bad-input',
    document_id: sha256(ctx.samples.good),
    document_name: 'draft.pdf',
    ...fields,
  };
  for (const [k, v] of Object.entries(all)) form.append(k, v);
  if (annotation !== null) form.append('annotation_json', annotation);
  form.append('pdf', blob(ctx.samples.good, 'application/pdf'), 'draft.pdf');
  return { method: 'POST', route: '/jobs/draft', body: form };
}

/**
 * A multipart body built by hand, for what FormData cannot send (bytes that are not UTF-8, a
 * missing closing boundary).
 */
export function rawMultipart(
  parts: Array<{ name: string; value: Uint8Array | string; filename?: string; type?: string }>,
  close = true,
): { body: Uint8Array; contentType: string } {
  const boundary = `----remote-ocr-${randomUUID()}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const file = p.filename ? `; filename="${p.filename}"` : '';
    const type = p.type ? `\r\nContent-Type: ${p.type}` : '';
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${file}${type}\r\n\r\n`,
      ),
      Buffer.from(p.value),
      Buffer.from('\r\n'),
    );
  }
  if (close) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    body: Buffer.concat(chunks),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** A job id nobody has. */
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

export const MB = 1024 * 1024;
