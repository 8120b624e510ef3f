import { jest } from '@jest/globals';
import pg from 'pg';
import { FakeOpenRouterServer } from '@remote-ocr/testing';
import type { Stack } from '../e2e/stack.js';
import { waitFor } from '../e2e/processes.js';
import {
  chaosDoc,
  describeChaos,
  fakeTextOf,
  figure,
  resultTexts,
  sleep,
  startChaosRig,
  stopChaosRig,
  submit,
  waitAll,
} from './chaos-kit.js';
import { PrivatePostgres } from './private-services.js';

jest.setTimeout(600_000);

describeChaos('Postgres stopped and restarted mid-run (a private cluster)', () => {
  let fake: FakeOpenRouterServer;
  let cluster: PrivatePostgres;
  let stack: Stack;
  let pool: pg.Pool;

  beforeAll(async () => {
    cluster = await PrivatePostgres.start();
    ({ fake, stack } = await startChaosRig({
      latencyMs: 300,
      env: { DATABASE_URL: cluster.url('chaos') },
    }));
    pool = new pg.Pool({ connectionString: cluster.url('chaos'), max: 1 });
    pool.on('error', () => undefined);
  });

  afterAll(async () => {
    await stopChaosRig({ stack, fake });
    await pool?.end();
    await cluster?.stop();
  });

  it('answers 503 during the outage, recovers, and loses no block result', async () => {
    const docs = await Promise.all([0, 1, 2].map((j) => chaosDoc(`P${j}`)));
    const ids = await Promise.all(docs.map((d, j) => submit(stack.client, d, `pg-${j}`)));
    await waitFor('six answered calls', () =>
      Promise.resolve(fake.calls().filter((c) => c.outcome === 'answered').length >= 6),
    );
    const started = Date.now();
    await cluster.down();
    const during: Array<[string, number, string]> = [];
    for (const route of ['/jobs', `/jobs/${ids[0]}`, `/jobs/${ids[1]}/details`, '/health/ready']) {
      const res = await fetch(`${stack.client.baseUrl}${route}`, {
        headers: { 'X-API-Key': stack.env.REMOTE_OCR_API_KEY },
        signal: AbortSignal.timeout(20_000),
      });
      const body = (await res.json()) as { detail?: string };
      during.push([route, res.status, body.detail ?? '']);
    }
    figure('answers during the outage', during);
    for (const [route, status] of during) expect([route, status]).toEqual([route, 503]);
    await sleep(3000);
    await cluster.up();
    figure('postgres outage ms', Date.now() - started);

    await waitFor(
      'api answers again',
      async () => (await stack.client.request('GET', '/jobs')).status === 200,
    );
    const finished = await waitAll(stack, ids, 300_000);
    figure('recovered in s', Math.round((Date.now() - started) / 1000));
    expect(finished.map((j) => [j.status, j.blocks_done, j.blocks_failed])).toEqual(
      ids.map(() => ['done', docs[0].blocks.length, 0]),
    );
    const rows = await pool.query(
      `select job_id, count(*)::int as n from block_results where status = 'done' and part = 0 group by job_id`,
    );
    expect(Object.fromEntries(rows.rows.map((r) => [r.job_id, r.n]))).toEqual(
      Object.fromEntries(ids.map((id) => [id, docs[0].blocks.length])),
    );
    for (const id of ids) {
      const texts = await resultTexts(stack, id);
      for (const [blockId, text] of Object.entries(texts))
        expect(text).toBe(fakeTextOf(blockId, text));
    }
  });
});
