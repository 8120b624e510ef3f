import { jest } from '@jest/globals';
import { FakeDatalabServer, FakeOpenRouterServer, markersOfCall } from '@remote-ocr/testing';
import { downloadResultZip, fixture, isFinished, waitForJob } from './helpers.js';
import { Stack } from './stack.js';

jest.setTimeout(240_000);

describe('the Datalab engine end to end', () => {
  let fake: FakeDatalabServer;
  let stack: Stack;

  beforeAll(async () => {
    fake = await FakeDatalabServer.start({ processingPolls: 1 });
    stack = await Stack.start({
      env: {
        DATALAB_API_KEY: 'dl-fake',
        DATALAB_BASE_URL: fake.origin,
        DATALAB_POLL_INTERVAL_MS: '100',
        // Datalab reads only the image, and the fake cannot read markers off it: one block per
        // strip makes every answer belong to its block.
        STRIP_MAX_HEIGHT: '1000',
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await fake?.close();
  });

  it('runs a job through marker submissions and polls, then deletes it', async () => {
    const doc = await fixture('04_A3_fin_tables_issue14297');
    const { client } = stack;
    const created = await client.createJob(
      {
        client_id: 'dl',
        document_id: doc.documentId,
        document_name: 'tables.pdf',
        engine: 'datalab',
      },
      doc.pdf,
      doc.blocks,
    );
    expect(created.status).toBe(200);
    const done = await waitForJob(client, created.body.id, isFinished);
    // The fake reads no markers off the strip image, so blocks sharing a strip may end failed by
    // the answer parser; what must hold is that every block has an outcome and no engine error.
    expect(done).toMatchObject({ status: 'done', engine: 'datalab' });
    expect(done.blocks_done + done.blocks_failed).toBe(doc.blocks.length);
    expect(done.blocks_done).toBeGreaterThan(0);
    const submissions = fake.requests.filter(
      (r) => r.method === 'POST' && r.path === '/api/v1/marker',
    );
    expect(submissions.length).toBeGreaterThan(0);
    expect(submissions.every((r) => r.headers['x-api-key'] === 'dl-fake')).toBe(true);
    expect(submissions.every((r) => r.outcome === 'answered')).toBe(true);
    const zip = await downloadResultZip(client, created.body.id);
    expect(zip.file('result.md')).not.toBeNull();
    const annotation = JSON.parse(await zip.file('annotation.json')!.async('string'));
    const outcomes = annotation.pages.flatMap((p: any) => p.blocks);
    expect(outcomes).toHaveLength(doc.blocks.length);
    for (const b of outcomes.filter((o: any) => o.ocr_status === 'failed'))
      expect(b.ocr_error).toMatch(/answer/);
    for (const b of outcomes.filter((o: any) => o.ocr_status === 'done'))
      expect(b.ocr_text).toMatch(/markdown of/);
    expect((await client.request('DELETE', `/jobs/${created.body.id}`)).status).toBe(200);
  });
});

describe('two workers on one queue', () => {
  let fake: FakeOpenRouterServer;
  let stack: Stack;

  beforeAll(async () => {
    fake = await FakeOpenRouterServer.start({ latencyMs: 100 });
    stack = await Stack.start({
      workers: 2,
      env: {
        OPENROUTER_API_KEY: 'sk-fake',
        OPENROUTER_BASE_URL: fake.url,
        MAX_CONCURRENT_JOBS: '1',
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await fake?.close();
  });

  it('runs every job exactly once', async () => {
    const doc = await fixture('12_pdkids');
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { body } = await stack.client.createJob(
        {
          client_id: 'pair',
          document_id: doc.documentId,
          document_name: `kids-${i}.pdf`,
          engine: 'openrouter', // every block through the fake model, not `auto`
        },
        doc.pdf,
        doc.blocks,
      );
      ids.push(body.id);
    }
    for (const id of ids)
      expect((await waitForJob(stack.client, id, isFinished)).status).toBe('done');
    const attempts = await stack.query<{ attempts: number }>(
      'select attempts from jobs where id = any($1)',
      [ids],
    );
    expect(attempts.map((a) => a.attempts)).toEqual(ids.map(() => 1));
    // The six jobs share one document, so each text/table block's marker was asked about exactly
    // once per job: six times in all (a job run twice would show seven or more).
    const perMarker = new Map<string, number>();
    for (const call of fake.calls()) {
      for (const m of markersOfCall(call)) perMarker.set(m, (perMarker.get(m) ?? 0) + 1);
    }
    const grouped = doc.blocks.filter((b) => b.block_type !== 'image').length;
    expect(perMarker.size).toBe(grouped);
    expect([...perMarker.values()]).toEqual(Array.from({ length: grouped }, () => ids.length));
  });
});
