// Submitting jobs over HTTP (as the desktop client does) and following them in the database.
import { createHash } from 'node:crypto';
import { createReadStream, openAsBlob } from 'node:fs';
import path from 'node:path';
import { API_KEY } from './stack.mjs';
import { sleep } from './machine.mjs';

const digests = new Map();

/** SHA-256 hex of a file (the `document_id` the api checks), cached per path. */
export async function sha256File(file) {
  if (!digests.has(file)) {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(file)) hash.update(chunk);
    digests.set(file, hash.digest('hex'));
  }
  return digests.get(file);
}

/**
 * `POST /jobs` with the PDF streamed from disk (openAsBlob: a 200 MB upload is not held in this
 * process's memory). Returns the created job's JSON; throws on any other status.
 */
export async function createJob(baseUrl, pdfPath, blocks, fields = {}) {
  const form = new FormData();
  form.set('client_id', fields.client_id ?? 'bench');
  form.set('document_id', fields.document_id ?? (await sha256File(pdfPath)));
  form.set('document_name', path.basename(pdfPath));
  form.set('engine', fields.engine ?? 'openrouter');
  form.set('pdf', await openAsBlob(pdfPath, { type: 'application/pdf' }), path.basename(pdfPath));
  form.set(
    'blocks_file',
    new Blob([JSON.stringify(blocks)], { type: 'application/json' }),
    'blocks.json',
  );
  const res = await fetch(`${baseUrl}/jobs`, {
    method: 'POST',
    headers: { 'X-API-Key': API_KEY },
    body: form,
  });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`POST /jobs: ${res.status} ${body.slice(0, 500)}`);
  return JSON.parse(body);
}

/** The job row with its timestamps as epoch ms. */
export async function jobRow(stack, id) {
  const [row] = await stack.query(
    `select status, progress, blocks_total, blocks_done, blocks_failed, error_message,
            extract(epoch from created_at) * 1000 as created,
            extract(epoch from started_at) * 1000 as started,
            extract(epoch from finished_at) * 1000 as finished
       from jobs where id = $1`,
    [id],
  );
  for (const k of ['created', 'started', 'finished']) row[k] = row[k] === null ? null : +row[k];
  return row;
}

/**
 * Polls the job row every `intervalMs` until it is done or error; `onRow` sees every poll (for
 * progress-keyed sampling). Returns the last row and when (performance.now) it was first seen final.
 */
export async function waitForJob(stack, id, { intervalMs = 200, timeoutMs, onRow } = {}) {
  const deadline = Date.now() + (timeoutMs ?? 3_600_000);
  for (;;) {
    const row = await jobRow(stack, id);
    onRow?.(row);
    if (row.status === 'done' || row.status === 'error') return { row, seenAt: performance.now() };
    if (Date.now() > deadline) throw new Error(`job ${id} not finished: ${JSON.stringify(row)}`);
    await sleep(intervalMs);
  }
}
