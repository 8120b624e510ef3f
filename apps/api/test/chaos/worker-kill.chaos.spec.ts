import { jest } from '@jest/globals';
import { FakeOpenRouterServer, markersOfCall } from '@remote-ocr/testing';
import type { Stack } from '../e2e/stack.js';
import {
  chaosDoc,
  describeChaos,
  fakeTextOf,
  figure,
  markerOf,
  resultTexts,
  sleep,
  startChaosRig,
  stopChaosRig,
  submit,
  waitAll,
} from './chaos-kit.js';

jest.setTimeout(600_000);

const KILLS = 10;
const JOBS = 4;

describeChaos('SIGKILL of a worker mid-job, ten times, with two workers', () => {
  let fake: FakeOpenRouterServer;
  let stack: Stack;

  beforeAll(async () => {
    ({ fake, stack } = await startChaosRig({
      latencyMs: 250,
      env: {
        QUEUE_LOCK_DURATION_MS: '3000',
        QUEUE_STALLED_INTERVAL_MS: '1000',
        LOG_LEVEL: 'info',
      },
    }));
  });

  afterAll(() => stopChaosRig({ stack, fake }));

  it('finishes every job with the results of an undisturbed run, never re-sending finished blocks', async () => {
    const docs = await Promise.all(Array.from({ length: JOBS }, (_, j) => chaosDoc(`J${j}`)));
    const baselineId = await submit(stack.client, docs[0], 'baseline');
    await waitAll(stack, [baselineId], 120_000);
    const baseline = await resultTexts(stack, baselineId);
    const started = Date.now();
    const ids = await Promise.all(docs.map((d, j) => submit(stack.client, d, `chaos-${j}`)));

    const checks: Array<{ seqAtKill: number; finished: Set<string> }> = [];
    let kills = 0;
    const killed: typeof stack.workers = [];
    while (kills < KILLS) {
      const answered = fake.calls().filter((c) => c.outcome === 'answered').length;
      await sleep(700 + ((kills * 397) % 900));
      const active = await stack.query<{ n: number }>(
        `select count(*)::int as n from jobs where status in ('queued', 'processing') and id = any($1)`,
        [ids],
      );
      if (active[0].n === 0) break;
      if (fake.calls().filter((c) => c.outcome === 'answered').length === answered) continue;
      const victim = stack.workers.filter(
        (w) => w.child.exitCode === null && w.child.signalCode === null,
      )[kills % 2];
      if (!victim) break;
      await victim.stop('SIGKILL');
      kills++;
      const seqAtKill = Math.max(...fake.calls().map((c) => c.seq));
      const done = await stack.query<{ block_id: string; part: number }>(
        `select block_id, part from block_results where status = 'done' and job_id = any($1)`,
        [ids],
      );
      killed.push(victim);
      stack.workers = stack.workers.filter((w) => w !== victim);
      stack.addWorker();
      // Checked once everything has run: no call after this kill may carry these blocks.
      // Part 0 is a block's outcome, under its own label; parts 1…n are the windows of a block
      // split for height, labelled from `id#0`, `id#1`, … (ocr-core checkpoint-book.ts).
      const finished = new Set(
        done.map((r) => markerOf(r.part === 0 ? r.block_id : `${r.block_id}#${r.part - 1}`)),
      );
      checks.push({ seqAtKill, finished });
    }
    const finishedJobs = await waitAll(stack, ids, 300_000);
    figure('worker kills', kills);
    figure('chaos run seconds', Math.round((Date.now() - started) / 1000));
    expect(kills).toBe(KILLS);
    expect(finishedJobs.map((j) => [j.status, j.blocks_done, j.blocks_failed])).toEqual(
      ids.map(() => ['done', docs[0].blocks.length, 0]),
    );
    expect(await stack.query(`select id from jobs where status = 'processing'`)).toEqual([]);

    // Same texts as the undisturbed run (job 0 has the baseline's blocks; the others theirs).
    expect(await resultTexts(stack, ids[0])).toEqual(baseline);
    for (const [j, id] of ids.entries()) {
      const texts = await resultTexts(stack, id);
      expect(Object.keys(texts).sort()).toEqual(docs[j].blocks.map((b) => b.id as string).sort());
      for (const [blockId, text] of Object.entries(texts))
        expect([blockId, text]).toEqual([blockId, fakeTextOf(blockId, text)]);
    }

    const calls = fake.calls();
    const resent: string[] = [];
    for (const { seqAtKill, finished } of checks) {
      for (const c of calls.filter((x) => x.seq > seqAtKill))
        for (const m of markersOfCall(c))
          if (finished.has(m)) resent.push(`${m} in call ${c.seq} after kill at ${seqAtKill}`);
    }
    // Why runs stopped (a live worker whose lock lapsed shows up as `taken-over`).
    const outputs = [...killed, ...stack.workers].map((w) => w.output()).join('\n');
    figure(
      'runs stopped as taken-over',
      outputs.split('"reason":"Error: job stopped: taken-over').length - 1,
    );
    figure('finished blocks re-sent', resent);
    expect(resent).toEqual([]);
    const chaosCalls = calls.filter((c) => c.arrivedAt >= started);
    const perMarker = new Map<string, number>();
    for (const c of chaosCalls.filter((x) => x.outcome === 'answered'))
      for (const m of markersOfCall(c)) perMarker.set(m, (perMarker.get(m) ?? 0) + 1);
    figure(
      'finished blocks at each kill',
      checks.map((c) => c.finished.size),
    );
    figure('engine calls during chaos (answered / cut)', [
      chaosCalls.filter((c) => c.outcome === 'answered').length,
      chaosCalls.filter((c) => c.outcome !== 'answered').length,
    ]);
    figure(
      'blocks answered more than once (answer lost with its worker)',
      [...perMarker.values()].filter((n) => n > 1).length,
    );
    figure(
      'attempts per job',
      (await stack.query('select attempts from jobs where id = any($1)', [ids])).map(
        (r) => r.attempts,
      ),
    );
  });
});
