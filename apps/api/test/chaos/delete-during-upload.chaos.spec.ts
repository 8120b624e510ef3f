import { jest } from '@jest/globals';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { FakeOpenRouterServer } from '@remote-ocr/testing';
import { isFinished, waitForJob } from '../e2e/helpers.js';
import type { Stack } from '../e2e/stack.js';
import {
  chaosDoc,
  describeChaos,
  figure,
  sleep,
  startChaosRig,
  stopChaosRig,
  submit,
} from './chaos-kit.js';

jest.setTimeout(600_000);

const ROUNDS = 20;

/** Every file under the disk store's `ocr_jobs/`, in-progress (`.partial`) writes included. */
async function allFiles(stack: Stack): Promise<string[]> {
  const root = path.join(stack.dataDir, 'objects', 'ocr_jobs');
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/**
 * Issue 14 item 12: jobs deleted while their worker renders, calls the engine and uploads the
 * results (the delays sweep the whole run, so many deletes land during result uploads). The
 * api's wait for the run to stop is bounded; the run fence must still leave no object, row or
 * in-progress file of a deleted job behind.
 */
describeChaos('delete during upload (20 rounds)', () => {
  let fake: FakeOpenRouterServer;
  let stack: Stack;

  beforeAll(async () => {
    ({ fake, stack } = await startChaosRig({
      latencyMs: 250,
    }));
  });

  afterAll(() => stopChaosRig({ stack, fake }));

  it('leaves 0 orphaned objects, rows or partial files of deleted jobs', async () => {
    const doc = await chaosDoc('DEL', 3, 2);
    // One job run to the end gives the length of a run; the deletes then sweep across it.
    const started = Date.now();
    const calibration = await submit(stack.client, doc, 'calibration');
    await waitForJob(stack.client, calibration, isFinished, 120_000);
    const runMs = Date.now() - started;
    figure('one run (ms)', runMs);
    const states: Record<string, number> = {};
    const deleted: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const id = await submit(stack.client, doc, `delete-${round}`);
      // From queued through rendering, engine calls and the uploads at the end of the run.
      await sleep(Math.round((runMs * 1.1 * round) / ROUNDS));
      const seen = (await stack.client.request('GET', `/jobs/${id}`)).body;
      states[seen.status] = (states[seen.status] ?? 0) + 1;
      const res = await stack.client.request('DELETE', `/jobs/${id}`);
      expect([round, res.status]).toEqual([round, 200]);
      deleted.push(id);
    }
    figure('status when deleted', states);
    // Let any run still in flight reach its next write and be refused.
    await sleep(3000);
    const left = (await allFiles(stack)).filter((f) => deleted.some((id) => f.includes(id)));
    figure('orphaned files', left.length);
    expect(left).toEqual([]);
    expect(await stack.query('select id from jobs where id = any($1)', [deleted])).toEqual([]);
    for (const table of ['job_files', 'block_results', 'job_settings', 'job_block_stats'])
      expect(
        await stack.query(`select job_id from ${table} where job_id = any($1)`, [deleted]),
      ).toEqual([]);
  });
});
