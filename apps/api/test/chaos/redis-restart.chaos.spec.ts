import { jest } from '@jest/globals';
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
import { PrivateRedis } from './private-services.js';

jest.setTimeout(600_000);

describeChaos('Redis killed and restarted mid-run (a private redis-server)', () => {
  let fake: FakeOpenRouterServer;
  let redis: PrivateRedis;
  let stack: Stack;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    ({ fake, stack } = await startChaosRig({
      latencyMs: 300,
      env: {
        REDIS_URL: redis.url,
        QUEUE_LOCK_DURATION_MS: '5000',
        QUEUE_STALLED_INTERVAL_MS: '2000',
      },
    }));
  });

  afterAll(async () => {
    await stopChaosRig({ stack, fake });
    await redis?.stop();
  });

  it('loses no job; workers and api reconnect by themselves', async () => {
    const docs = await Promise.all([0, 1, 2, 3].map((j) => chaosDoc(`X${j}`)));
    const ids = await Promise.all(docs.map((d, j) => submit(stack.client, d, `redis-${j}`)));
    await waitFor('six answered calls', () =>
      Promise.resolve(fake.calls().filter((c) => c.outcome === 'answered').length >= 6),
    );
    const started = Date.now();
    await redis.down();
    const ready = await fetch(`${stack.client.baseUrl}/health/ready`, {
      headers: { 'X-API-Key': stack.env.REMOTE_OCR_API_KEY },
      signal: AbortSignal.timeout(20_000),
    });
    expect(ready.status).toBe(503);
    await sleep(4000);
    await redis.up();
    figure('redis outage ms', Date.now() - started);

    const finished = await waitAll(stack, ids, 300_000);
    figure('recovered in s', Math.round((Date.now() - started) / 1000));
    expect(finished.map((j) => [j.status, j.blocks_done, j.blocks_failed])).toEqual(
      ids.map(() => ['done', docs[0].blocks.length, 0]),
    );
    for (const [j, id] of ids.entries()) {
      const texts = await resultTexts(stack, id);
      expect(Object.keys(texts).length).toBe(docs[j].blocks.length);
      for (const [blockId, text] of Object.entries(texts))
        expect(text).toBe(fakeTextOf(blockId, text));
    }
    // The api's queue connection is back: readiness is green and a new job goes through.
    await waitFor(
      'ready again',
      async () => (await stack.client.request('GET', '/health/ready')).status === 200,
    );
    const next = await submit(stack.client, await chaosDoc('X9', 1, 1), 'after-restart');
    expect((await waitAll(stack, [next], 120_000))[0].status).toBe('done');
    figure('workers alive', stack.workers.filter((w) => w.child.exitCode === null).length);
    expect(stack.workers.every((w) => w.child.exitCode === null)).toBe(true);
  });
});
