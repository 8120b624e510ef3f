import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { jest } from '@jest/globals';
import {
  OcrClient,
  OcrIdempotencyError,
  OcrNotFoundError,
  OcrUnauthorizedError,
  OcrValidationError,
  type UploadProgress,
  type WaitProgress,
} from '@remote-ocr/client';
import { downloadResultToFile, prepareUpload } from '@remote-ocr/client/node';
import JSZip from 'jszip';
import { fixture, type Fixture } from '../e2e/helpers.js';
import { API_KEY, Stack } from '../e2e/stack.js';

jest.setTimeout(180_000);

/**
 * `@remote-ocr/client` against the built api and a built worker (real processes, Redis, Postgres,
 * the disk store and the local engine): uploads from a path, a stream and a Buffer, waiting over
 * SSE and by polling, the result download, typed errors, and a create retried after a lost answer.
 */
describe('@remote-ocr/client against the built server', () => {
  let stack: Stack;
  let client: OcrClient;
  let doc: Fixture;
  let tmp: string;

  beforeAll(async () => {
    stack = await Stack.start({ storage: 'disk' });
    client = new OcrClient({ baseUrl: stack.client.baseUrl, apiKey: API_KEY, retryDelayMs: 50 });
    doc = await fixture('12_pdkids');
    tmp = await mkdtemp(path.join(os.tmpdir(), 'client-e2e-'));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
    await stack?.stop();
  });

  const fields = (taskName: string) => ({
    clientId: 'lib',
    documentName: 'pdkids.pdf',
    taskName,
    engine: 'local' as const,
  });

  it('uploads from a path with progress, waits over SSE and downloads result.zip', async () => {
    const upload = await prepareUpload(doc.pdf);
    expect(upload.sha256).toBe(doc.documentId);
    const progress: UploadProgress[] = [];
    const created = await client.createJob(
      { ...fields('from-path'), pdf: upload.blob, documentId: upload.sha256, blocks: doc.blocks },
      { onUploadProgress: (p) => progress.push(p) },
    );
    expect(created).toMatchObject({ status: 'queued', document_id: doc.documentId });
    const last = progress.at(-1)!;
    expect(last.loaded).toBe(last.total);
    expect(last.total).toBeGreaterThan((await stat(doc.pdf)).size);

    const seen: WaitProgress[] = [];
    const done = await client.waitForJob(created.id, { onProgress: (p) => seen.push(p) });
    expect(done).toMatchObject({ id: created.id, status: 'done' });
    expect(seen.filter((p) => p.via === 'events').length).toBeGreaterThan(0);

    const file = path.join(tmp, 'result.zip');
    const size = await downloadResultToFile(client, created.id, file);
    expect(size).toBe((await stat(file)).size);
    const zip = await JSZip.loadAsync(await readFile(file));
    expect(Object.keys(zip.files)).toEqual(
      expect.arrayContaining(['result.md', 'annotation.json']),
    );
    const details = await client.getDetails(created.id);
    expect(details.r2_files.map((f) => f.name)).toContain('result.zip');
  });

  it('uploads from a stream and a Buffer, and waits by polling when told not to use events', async () => {
    const streamed = await prepareUpload(createReadStream(doc.pdf));
    try {
      const job = await client.createJob({
        ...fields('from-stream'),
        pdf: streamed.blob,
        documentId: streamed.sha256,
        blocks: JSON.stringify(doc.blocks),
      });
      const seen: WaitProgress[] = [];
      const onProgress = (p: WaitProgress) => seen.push(p);
      const done = await client.waitForJob(job.id, { useEvents: false, onProgress });
      expect(done.status).toBe('done');
      expect(new Set(seen.map((p) => p.via))).toEqual(new Set(['poll']));
      const zip = await client.downloadResult(job.id);
      expect(zip.size).toBeGreaterThan(0);
    } finally {
      await streamed.dispose();
    }
    const fromBuffer = await client.createDraft({
      ...fields('from-buffer'),
      pdf: await readFile(doc.pdf),
      annotation: doc.annotation,
    });
    expect(fromBuffer).toMatchObject({ status: 'draft', document_id: doc.documentId });
    expect((await client.listJobs({ clientId: 'lib' })).map((j) => j.id)).toContain(fromBuffer.id);
    await expect(client.deleteJob(fromBuffer.id)).resolves.toEqual({
      ok: true,
      deleted_job_id: fromBuffer.id,
    });
  });

  it('turns error answers into typed errors carrying detail and code', async () => {
    const missing = client.getJob('00000000-0000-4000-8000-000000000000');
    await expect(missing).rejects.toBeInstanceOf(OcrNotFoundError);
    await expect(missing).rejects.toMatchObject({ status: 404, detail: 'Job not found' });
    const stranger = new OcrClient({ baseUrl: stack.client.baseUrl, apiKey: 'wrong' });
    await expect(stranger.listJobs()).rejects.toBeInstanceOf(OcrUnauthorizedError);
    const bad = client.createJob({ ...fields('bad'), pdf: Buffer.from('not a pdf'), blocks: [] });
    await expect(bad).rejects.toBeInstanceOf(OcrValidationError);
    const key = 'client-e2e-reuse';
    const pdf = await readFile(doc.pdf);
    await client.createJob({ ...fields('k1'), pdf, blocks: doc.blocks }, { idempotencyKey: key });
    const reused = client.createJob(
      { ...fields('k2'), pdf, blocks: doc.blocks },
      { idempotencyKey: key },
    );
    await expect(reused).rejects.toBeInstanceOf(OcrIdempotencyError);
    await expect(reused).rejects.toMatchObject({ code: 'idempotency_key_reused' });
  });

  it('retries a create whose answer was lost and still makes one job', async () => {
    let calls = 0;
    // The request reaches the server; the connection then "drops" before the answer is read.
    const flaky: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (calls++ === 0) throw new TypeError('fetch failed: socket hang up');
      return res;
    };
    const retrying = new OcrClient({
      baseUrl: stack.client.baseUrl,
      apiKey: API_KEY,
      retryDelayMs: 10,
      fetch: flaky,
    });
    const created = await retrying.createJob({
      ...fields('lost-answer'),
      pdf: await readFile(doc.pdf),
      blocks: doc.blocks,
    });
    expect(calls).toBe(2);
    const rows = await stack.query('SELECT id FROM jobs WHERE task_name = $1', ['lost-answer']);
    expect(rows.map((r) => r.id)).toEqual([created.id]);
  });
});
