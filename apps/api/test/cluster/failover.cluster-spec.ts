import { jest } from '@jest/globals';
import { FakeOpenRouterServer } from '@remote-ocr/testing';
import { Redis } from 'ioredis';
import {
  chaosDoc,
  figure,
  resultTexts,
  startChaosRig,
  stopChaosRig,
  submit,
  waitAll,
} from '../chaos/chaos-kit.js';
import { waitFor } from '../e2e/processes.js';
import type { Stack } from '../e2e/stack.js';
// @ts-expect-error -- plain .mjs test helper without types
import { failover, masterOfKey, masters } from './redis-cluster.mjs';

jest.setTimeout(180_000);

/**
 * Jobs run end to end over the test Redis Cluster (api + two workers), and the master holding the
 * deployment's slot fails over to its replica mid-run (CLUSTER FAILOVER): no job is lost, every
 * block is answered, and the stack goes on taking jobs.
 */
describe('Redis Cluster: jobs end to end and a master failover mid-run', () => {
  let fake: FakeOpenRouterServer;
  let stack: Stack;

  beforeAll(async () => {
    ({ fake, stack } = await startChaosRig({
      latencyMs: 150,
      env: {
        QUEUE_LOCK_DURATION_MS: '5000',
        QUEUE_STALLED_INTERVAL_MS: '2000',
      },
    }));
  });

  afterAll(() => stopChaosRig({ stack, fake }));

  it('keeps every key of the deployment in one slot, on one master', async () => {
    const prefix = stack.env.QUEUE_PREFIX;
    expect(prefix).toMatch(/^\{.+\}$/);
    const id = await submit(stack.client, await chaosDoc('C0', 1, 1), 'slot-check');
    expect((await waitAll(stack, [id], 60_000))[0].status).toBe('done');
    const master = masterOfKey(`${prefix}:ocr-jobs:wait`) as number;
    const keysOn = async (port: number) => {
      const node = new Redis({ host: '127.0.0.1', port });
      try {
        const keys: string[] = [];
        let cursor = '0';
        do {
          const [next, page] = await node.scan(cursor, 'MATCH', `*${prefix}*`, 'COUNT', 500);
          keys.push(...page);
          cursor = next;
        } while (cursor !== '0');
        return keys;
      } finally {
        node.disconnect();
      }
    };
    // Queue, events and liveness keys live on the master of the prefix's slot, and nothing of
    // this deployment on any other master.
    const keys = await keysOn(master);
    expect(keys.some((k) => k.startsWith(`${prefix}:ocr-jobs:`))).toBe(true);
    expect(keys.some((k) => k.startsWith(`${prefix}:events:`))).toBe(true);
    for (const other of (masters() as Array<{ port: number }>).filter((m) => m.port !== master))
      expect(await keysOn(other.port)).toEqual([]);
  });

  it('loses no job when the master of the slot fails over mid-run', async () => {
    const docs = await Promise.all([1, 2, 3].map((j) => chaosDoc(`C${j}`, 3, 2)));
    const ids = await Promise.all(docs.map((d, j) => submit(stack.client, d, `failover-${j}`)));
    await waitFor('a few answered calls', () =>
      Promise.resolve(fake.calls().filter((c) => c.outcome === 'answered').length >= 3),
    );
    const started = Date.now();
    const moved = await failover(`${stack.env.QUEUE_PREFIX}:ocr-jobs:wait`);
    figure('failover', { ...moved, ms: Date.now() - started });

    const finished = await waitAll(stack, ids, 120_000);
    figure('all jobs done after failover, s', Math.round((Date.now() - started) / 1000));
    if (finished.some((j) => j.blocks_failed > 0)) figure('logs', stack.logs().slice(-8000));
    expect(finished.map((j) => [j.status, j.blocks_done, j.blocks_failed])).toEqual(
      ids.map(() => ['done', docs[0].blocks.length, 0]),
    );
    for (const [j, id] of ids.entries()) {
      const texts = await resultTexts(stack, id);
      expect(Object.keys(texts).sort()).toEqual(docs[j].blocks.map((b) => b.id as string).sort());
      for (const text of Object.values(texts)) expect(text).toMatch(/^text of /);
    }
    const next = await submit(stack.client, await chaosDoc('C9', 1, 1), 'after-failover');
    expect((await waitAll(stack, [next], 60_000))[0].status).toBe('done');
    expect(stack.workers.every((w) => w.child.exitCode === null)).toBe(true);
  });
});
