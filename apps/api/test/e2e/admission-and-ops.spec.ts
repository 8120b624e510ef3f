import { jest } from '@jest/globals';
import { fixture, isFinished, waitForJob } from './helpers.js';
import { Stack } from './stack.js';

jest.setTimeout(180_000);

describe('admission, readiness, metrics and shutdown', () => {
  let stack: Stack;

  beforeAll(async () => {
    // No worker at first: queued jobs stay queued, so the queue fills up.
    stack = await Stack.start({ workers: 0, storage: 'disk', env: { MAX_QUEUE_SIZE: '1' } });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses a job with 503 when the queue is full, storing nothing', async () => {
    const doc = await fixture('12_pdkids');
    const fields = { client_id: 'q', document_id: doc.documentId, document_name: 'kids.pdf' };
    const first = await stack.client.createJob(fields, doc.pdf, doc.blocks);
    expect(first.status).toBe(200);
    const second = await stack.client.createJob(fields, doc.pdf, doc.blocks);
    expect(second.status).toBe(503);
    expect(second.body.detail).toMatch(/^Queue is full/);
    expect(await stack.query('select id from jobs')).toEqual([{ id: first.body.id }]);
    expect(await stack.query('select distinct job_id from job_files')).toEqual([
      { job_id: first.body.id },
    ]);

    stack.addWorker();
    expect((await waitForJob(stack.client, first.body.id, isFinished)).status).toBe('done');
  });

  it('reports readiness of Redis, the database and storage, and Prometheus metrics', async () => {
    const ready = await stack.client.request('GET', '/health/ready');
    expect(ready).toEqual({
      status: 200,
      body: { ok: true, checks: { redis: 'ok', database: 'ok', storage: 'ok' } },
    });
    const metrics = await fetch(`${stack.client.baseUrl}/metrics`, {
      headers: { 'X-API-Key': 'e2e-operator-key-0001' },
    });
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toMatch(/^remote_ocr_jobs\{status="done"\} [1-9]/m);
    expect(text).toMatch(/^remote_ocr_queue_jobs\{state="waiting"\} 0/m);
    expect(text).toMatch(/^remote_ocr_api_process_resident_memory_bytes /m);
  });

  it('stops a worker cleanly on SIGTERM', async () => {
    const worker = stack.workers[stack.workers.length - 1];
    expect(await worker.stop('SIGTERM')).toBe(0);
  });
});
