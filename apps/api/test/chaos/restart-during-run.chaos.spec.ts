import { jest } from '@jest/globals';
import { FakeOpenRouterServer } from '@remote-ocr/testing';
import type { Stack } from '../e2e/stack.js';
import { isFinished, waitForJob } from '../e2e/helpers.js';
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
} from './chaos-kit.js';

jest.setTimeout(600_000);

const ROUNDS = 20;
const WAVE = 5;

/**
 * Issue 14 item 12: jobs restarted while their worker is mid-run (engine calls in flight, results
 * being written). Restart clears the block results; a write of the old run landing afterwards
 * must be refused, so every stored block result belongs to the job's current run.
 */
describeChaos('restart during run (20 rounds)', () => {
  let fake: FakeOpenRouterServer;
  let stack: Stack;

  beforeAll(async () => {
    ({ fake, stack } = await startChaosRig({
      latencyMs: 250,
      env: {
        JOB_ENGINE_CONCURRENCY: '2',
        MAX_CONCURRENT_JOBS: '3',
      },
    }));
  });

  afterAll(() => stopChaosRig({ stack, fake }));

  async function restartWhileRunning(id: string, round: number): Promise<void> {
    await waitForJob(stack.client, id, (j) => j.status === 'processing' || isFinished(j), 120_000);
    await sleep(100 * (round % 10));
    const res = await stack.client.restart(id);
    expect([round, res.status]).toEqual([round, 200]);
  }

  it('keeps 0 block results of an old run, and every job ends done with its texts', async () => {
    const doc = await chaosDoc('RST', 4, 2);
    const ids: string[] = [];
    for (let wave = 0; wave < ROUNDS / WAVE; wave++) {
      const batch = await Promise.all(
        Array.from({ length: WAVE }, (_, k) => submit(stack.client, doc, `restart-${wave}-${k}`)),
      );
      await Promise.all(batch.map((id, k) => restartWhileRunning(id, wave * WAVE + k)));
      ids.push(...batch);
    }
    const final = await Promise.all(
      ids.map((id) => waitForJob(stack.client, id, isFinished, 300_000)),
    );
    const runs = await stack.query<{ attempts: number }>(
      'select attempts from jobs where id = any($1) order by attempts',
      [ids],
    );
    figure(
      'runs per job (claims)',
      runs.map((r) => r.attempts),
    );
    expect(final.map((j) => [j.status, j.blocks_failed])).toEqual(ids.map(() => ['done', 0]));
    const stale = await stack.query(
      `select b.job_id, b.block_id, b.run_attempt, j.attempts from block_results b
         join jobs j on j.id = b.job_id where b.run_attempt is distinct from j.attempts`,
    );
    figure('block results of an old run', stale.length);
    expect(stale).toEqual([]);
    for (const id of ids) {
      const texts = await resultTexts(stack, id);
      expect(Object.keys(texts).sort()).toEqual(doc.blocks.map((b) => b.id as string).sort());
      for (const [blockId, text] of Object.entries(texts))
        expect(text).toBe(fakeTextOf(blockId, text));
    }
  });
});
