import { jest } from '@jest/globals';
import { FakeOpenRouterServer, maxInFlight, type Behaviour } from '@remote-ocr/testing';
import type { Stack } from '../e2e/stack.js';
import {
  chaosDoc,
  describeChaos,
  fakeTextOf,
  figure,
  resultTexts,
  startChaosRig,
  stopChaosRig,
  submit,
  waitAll,
} from './chaos-kit.js';

jest.setTimeout(600_000);

const MAX_CONCURRENT = 2;

/** Small seeded PRNG (mulberry32) so a storm is the same storm on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 30 % 429 with Retry-After, 10 % 500, 5 % hung connections, the rest answered. */
function storm(random: () => number, tally: Record<string, number>): Behaviour {
  const r = random();
  const [name, behaviour]: [string, Behaviour] =
    r < 0.3
      ? ['429', { kind: 'status', status: 429, retryAfter: '1' }]
      : r < 0.4
        ? ['500', { kind: 'status', status: 500 }]
        : r < 0.45
          ? ['hang', { kind: 'hang' }]
          : ['answer', { kind: 'answer', latencyMs: 150 }];
  tally[name] = (tally[name] ?? 0) + 1;
  return behaviour;
}

describeChaos('engine storm: 429 + Retry-After, 500s and hung connections', () => {
  let fake: FakeOpenRouterServer;
  let stack: Stack;
  const tally: Record<string, number> = {};

  beforeAll(async () => {
    fake = await FakeOpenRouterServer.start();
    const random = prng(20240817);
    // Every request not scripted otherwise draws its fate from the storm.
    Object.defineProperty(fake, 'defaultBehaviour', {
      get: () => storm(random, tally),
      set: () => {},
    });
    ({ stack } = await startChaosRig({
      fake,
      env: {
        OPENROUTER_MAX_CONCURRENT: String(MAX_CONCURRENT),
        OPENROUTER_TIMEOUT_S: '3',
        JOB_ENGINE_CONCURRENCY: '4',
      },
    }));
  });

  afterAll(() => stopChaosRig({ stack, fake }));

  it('finishes every block, never exceeds the shared limit, leaves no job stuck', async () => {
    const docs = await Promise.all([0, 1, 2].map((j) => chaosDoc(`S${j}`)));
    const started = Date.now();
    const ids = await Promise.all(docs.map((d, j) => submit(stack.client, d, `storm-${j}`)));
    let finished = await waitAll(stack, ids, 400_000);
    // Blocks that failed every retry are recorded as failed; re-running only them is the remedy.
    let rounds = 0;
    while (finished.some((j) => j.blocks_failed > 0) && rounds < 3) {
      rounds++;
      for (const job of finished.filter((j) => j.blocks_failed > 0))
        expect((await stack.client.request('POST', `/jobs/${job.id}/retry-failed`)).status).toBe(
          200,
        );
      finished = await waitAll(stack, ids, 300_000);
    }
    const calls = fake.calls();
    figure('storm seconds', Math.round((Date.now() - started) / 1000));
    figure('engine calls', calls.length);
    figure('fates drawn', tally);
    figure('retry-failed rounds', rounds);
    figure('max in flight', maxInFlight(calls));
    expect(finished.map((j) => [j.status, j.blocks_failed])).toEqual(ids.map(() => ['done', 0]));
    expect(maxInFlight(calls)).toBeLessThanOrEqual(MAX_CONCURRENT);
    expect(calls.filter((c) => c.finishedAt === undefined)).toEqual([]);
    expect(
      await stack.query(`select id from jobs where status in ('queued', 'processing')`),
    ).toEqual([]);
    for (const [j, id] of ids.entries()) {
      const texts = await resultTexts(stack, id);
      expect(Object.keys(texts).length).toBe(docs[j].blocks.length);
      for (const [blockId, text] of Object.entries(texts))
        expect(text).toBe(fakeTextOf(blockId, text));
    }
  });
});
