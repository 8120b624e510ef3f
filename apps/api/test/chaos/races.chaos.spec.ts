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
  storedKeys,
  submit,
} from './chaos-kit.js';

jest.setTimeout(600_000);

const JOBS = 6;
const ROUNDS = 4;
const OPS = ['pause', 'resume', 'restart', 'pause', 'restart', 'resume', 'delete'] as const;
type Op = (typeof OPS)[number];

describeChaos('pause/resume/restart/delete fired concurrently at running jobs', () => {
  let fake: FakeOpenRouterServer;
  let stack: Stack;

  beforeAll(async () => {
    ({ fake, stack } = await startChaosRig({
      latencyMs: 200,
      env: {
        JOB_ENGINE_CONCURRENCY: '2',
      },
    }));
  });

  afterAll(() => stopChaosRig({ stack, fake }));

  function fire(id: string, op: Op) {
    const route = op === 'delete' ? `/jobs/${id}` : `/jobs/${id}/${op}`;
    if (op === 'restart') return stack.client.restart(id);
    return stack.client.request(op === 'delete' ? 'DELETE' : 'POST', route);
  }

  it('ends in valid states with no orphans and nothing left processing', async () => {
    const docs = await Promise.all(Array.from({ length: JOBS }, (_, j) => chaosDoc(`R${j}`, 4, 3)));
    const ids = await Promise.all(docs.map((d, j) => submit(stack.client, d, `race-${j}`)));
    const statuses = new Map<number, number>();
    const deleted = new Set<string>();
    const serverErrors: string[] = [];
    await sleep(1500);
    for (let round = 0; round < ROUNDS; round++) {
      const bursts = ids.map((id, j) => {
        // Job 0 is deleted in the first round while running; the others get mixed bursts, and
        // the last one is deleted in the last round, racing the other operations.
        const ops = OPS.filter(
          (op) =>
            op !== 'delete' || (j === 0 && round === 0) || (j === JOBS - 1 && round === ROUNDS - 1),
        );
        const rotated = ops.map((_, k) => ops[(k + round + j) % ops.length]);
        return Promise.all(rotated.map((op) => fire(id, op).then((r) => ({ op, id, r }))));
      });
      for (const { op, id, r } of (await Promise.all(bursts)).flat()) {
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.status >= 500)
          serverErrors.push(`${op} ${id}: ${r.status} ${JSON.stringify(r.body)}`);
        if (op === 'delete' && r.status === 200) deleted.add(id);
      }
      await sleep(800);
    }
    figure('answers by status', Object.fromEntries(statuses));
    const errorLog = serverErrors.length > 0 ? stack.api.output().slice(-6000) : '';
    expect([serverErrors, errorLog]).toEqual([[], '']);
    expect([...statuses.keys()].filter((s) => ![200, 400, 404].includes(s))).toEqual([]);

    // Settle: resume what was left paused, then every remaining job must finish.
    const alive = ids.filter((id) => !deleted.has(id));
    for (const id of alive) {
      const job = (await stack.client.request('GET', `/jobs/${id}`)).body;
      if (job.status === 'paused')
        expect((await stack.client.request('POST', `/jobs/${id}/resume`)).status).toBe(200);
    }
    const final = await Promise.all(
      alive.map((id) => waitForJob(stack.client, id, isFinished, 240_000)),
    );
    figure(
      'final states',
      final.map((j) => j.status),
    );
    expect(final.map((j) => [j.status, j.blocks_failed])).toEqual(alive.map(() => ['done', 0]));
    expect(await stack.query(`select id, status from jobs where status not in ('done')`)).toEqual(
      [],
    );

    // No orphans: stored objects and job_files rows are the same set, all of living jobs.
    await sleep(1000);
    const rows = await stack.query<{ r2_key: string }>(
      'select r2_key from job_files order by r2_key',
    );
    expect(await storedKeys(stack)).toEqual(rows.map((r) => r.r2_key).sort());
    const jobIds = (await stack.query<{ id: string }>('select id from jobs'))
      .map((r) => r.id)
      .sort();
    expect(jobIds).toEqual([...alive].sort());
    for (const table of ['job_files', 'block_results', 'job_settings'])
      expect(
        await stack.query(`select job_id from ${table} where job_id <> all($1)`, [alive]),
      ).toEqual([]);
    for (const [j, id] of ids.entries()) {
      if (deleted.has(id)) continue;
      const texts = await resultTexts(stack, id);
      expect(Object.keys(texts).sort()).toEqual(docs[j].blocks.map((b) => b.id as string).sort());
      for (const [blockId, text] of Object.entries(texts))
        expect(text).toBe(fakeTextOf(blockId, text));
    }
    figure('deleted jobs', deleted.size);
  });
});
