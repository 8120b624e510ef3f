import { jest } from '@jest/globals';
import { blockMarker, type Block } from '@remote-ocr/ocr-core';
import { FakeOpenRouterServer, markersOfCall } from '@remote-ocr/testing';
import { fixture, isFinished, waitForJob } from './helpers.js';
import { waitFor } from './processes.js';
import { Stack } from './stack.js';

jest.setTimeout(240_000);

describe('a worker killed mid-job', () => {
  let fake: FakeOpenRouterServer;
  let stack: Stack;

  beforeAll(async () => {
    fake = await FakeOpenRouterServer.start({ latencyMs: 700 });
    stack = await Stack.start({
      env: {
        OPENROUTER_API_KEY: 'sk-fake',
        OPENROUTER_BASE_URL: fake.url,
        JOB_ENGINE_CONCURRENCY: '1',
        STRIP_MAX_HEIGHT: '1500',
        QUEUE_LOCK_DURATION_MS: '4000',
        QUEUE_STALLED_INTERVAL_MS: '1000',
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await fake?.close();
  });

  it('has its job taken over by another worker, which skips the finished blocks', async () => {
    const doc = await fixture('11_paper_tracemonkey');
    const { body } = await stack.client.createJob(
      {
        client_id: 'crash',
        document_id: doc.documentId,
        document_name: 'paper.pdf',
        engine: 'openrouter', // every block through the fake model, not `auto`
      },
      doc.pdf,
      doc.blocks,
    );
    await waitFor('three answered engine calls', () =>
      Promise.resolve(fake.calls().filter((c) => c.outcome === 'answered').length >= 3),
    );
    const [first] = stack.workers;
    await first.stop('SIGKILL');
    const doneBefore = await stack.query<{ n: number }>(
      `select count(*)::int as n from block_results where job_id = $1 and part = 0 and status = 'done'`,
      [body.id],
    );
    expect(doneBefore[0].n).toBeGreaterThan(0);
    const doneIds = await stack.query<{ block_id: string }>(
      `select block_id from block_results where job_id = $1 and part = 0 and status = 'done'`,
      [body.id],
    );
    const seqAtKill = Math.max(...fake.calls().map((c) => c.seq));
    stack.addWorker();

    const done = await waitForJob(stack.client, body.id, isFinished, 180_000);
    expect(done).toMatchObject({
      status: 'done',
      blocks_done: doc.blocks.length,
      blocks_failed: 0,
    });
    const rows = await stack.query<{ attempts: number }>(
      'select attempts from jobs where id = $1',
      [body.id],
    );
    expect(rows[0].attempts).toBe(2);
    // The second worker sent only blocks without a checkpoint: no marker of a block finished
    // before the kill appears in any later engine call.
    const finishedMarkers = new Set(
      doneIds.map((r) =>
        blockMarker(doc.blocks.find((b) => b.id === r.block_id) as unknown as Block),
      ),
    );
    const laterMarkers = fake
      .calls()
      .filter((c) => c.seq > seqAtKill)
      .flatMap(markersOfCall);
    expect(laterMarkers.length).toBeGreaterThan(0);
    expect(laterMarkers.filter((m) => finishedMarkers.has(m))).toEqual([]);
  });
});

describe('the job time limit', () => {
  let fake: FakeOpenRouterServer;
  let stack: Stack;

  beforeAll(async () => {
    fake = await FakeOpenRouterServer.start();
    fake.defaultBehaviour = { kind: 'hang' };
    stack = await Stack.start({
      env: { OPENROUTER_API_KEY: 'sk-fake', OPENROUTER_BASE_URL: fake.url, JOB_TIME_LIMIT_S: '10' },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await fake?.close();
  });

  it('ends a job that runs too long in error and frees the worker', async () => {
    const doc = await fixture('12_pdkids');
    const fields = {
      client_id: 'slow',
      document_id: doc.documentId,
      document_name: 'kids.pdf',
      engine: 'openrouter', // every block through the fake model, not `auto`
    };
    const { body } = await stack.client.createJob(fields, doc.pdf, doc.blocks);
    const failed = await waitForJob(stack.client, body.id, isFinished, 60_000);
    expect(failed.status).toBe('error');
    expect(failed.error_message).toBe('Job exceeded the time limit of 10 s');
    expect(fake.calls().every((c) => c.finishedAt !== undefined)).toBe(true);

    // The worker slot is free again: the next job runs (and answers now).
    fake.defaultBehaviour = { kind: 'answer' };
    const next = await stack.client.createJob(
      { ...fields, document_name: 'kids-2.pdf' },
      doc.pdf,
      doc.blocks,
    );
    expect((await waitForJob(stack.client, next.body.id, isFinished)).status).toBe('done');
  });
});
