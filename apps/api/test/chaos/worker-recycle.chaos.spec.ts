import { jest } from '@jest/globals';
import { FakeOpenRouterServer, markersOfCall } from '@remote-ocr/testing';
import type { Stack } from '../e2e/stack.js';
import { waitFor } from '../e2e/processes.js';
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

const JOBS = 3;

/**
 * Self-recycling workers (docs/scaling.md): a worker with a resident-memory cap far below what it
 * uses is over the cap as soon as it runs a job. It finishes that job, takes no other, exits 0, and
 * a fresh worker takes the next job — the supervisor's part is played here as compose/systemd/
 * Kubernetes (and `npm start`) play it: a worker that exits 0 is started again.
 */
describeChaos('worker recycled mid-job by WORKER_MAX_RSS_MB', () => {
  let fake: FakeOpenRouterServer;
  let stack: Stack;

  beforeAll(async () => {
    ({ fake, stack } = await startChaosRig({
      latencyMs: 200,
      workers: 1,
      env: {
        MAX_CONCURRENT_JOBS: '1',
        WORKER_MAX_RSS_MB: '32',
        LOG_LEVEL: 'info',
      },
    }));
  });

  afterAll(() => stopChaosRig({ stack, fake }));

  it('finishes every job, restarts the worker after each, and sends no block twice', async () => {
    const docs = await Promise.all(Array.from({ length: JOBS }, (_, j) => chaosDoc(`R${j}`)));
    const started = Date.now();
    const ids = await Promise.all(docs.map((d, j) => submit(stack.client, d, `recycle-${j}`)));
    const exits: Array<number | null> = [];
    const retired: typeof stack.workers = [];
    // The supervisor: a worker that exited 0 is replaced (a crash would not be).
    const supervising = (async () => {
      while (retired.length < JOBS) {
        const live = stack.workers[stack.workers.length - 1];
        const code = await new Promise<number | null>((resolve) =>
          live.child.once('exit', (exitCode) => resolve(exitCode)),
        );
        exits.push(code);
        retired.push(live);
        if (code !== 0 || retired.length >= JOBS) return;
        stack.workers = stack.workers.filter((w) => w !== live);
        stack.addWorker();
      }
    })();
    const finished = await waitAll(stack, ids, 400_000);
    await waitFor('the last worker to recycle too', () => Promise.resolve(retired.length >= JOBS));
    await supervising;
    figure('recycle run seconds', Math.round((Date.now() - started) / 1000));
    figure('worker exit codes', exits);
    expect(exits).toEqual(Array(JOBS).fill(0));
    expect(finished.map((j) => [j.status, j.blocks_done, j.blocks_failed])).toEqual(
      ids.map(() => ['done', docs[0].blocks.length, 0]),
    );
    const logs = retired.map((w) => w.output()).join('\n');
    figure('recycle log lines', logs.match(/recycling: [^"]*/g)?.slice(0, 2));
    expect(logs).toContain('WORKER_MAX_RSS_MB=32');
    for (const [j, id] of ids.entries()) {
      const texts = await resultTexts(stack, id);
      const blockIds = docs[j].blocks.map((b) => b.id as string);
      expect(Object.keys(texts).sort()).toEqual([...blockIds].sort());
      for (const b of blockIds) expect(texts[b]).toContain('text of ');
      figure(
        `job ${j}: blocks whose text is not their own marker's`,
        blockIds.filter((b) => texts[b] !== fakeTextOf(b, texts[b])).length,
      );
    }
    // Every job ran once, in one worker: no attempt was handed back, no block re-sent.
    const attempts = await stack.query('select attempts from jobs where id = any($1)', [ids]);
    figure(
      'attempts per job',
      attempts.map((r) => r.attempts),
    );
    const perMarker = new Map<string, number>();
    for (const c of fake.calls().filter((x) => x.outcome === 'answered'))
      for (const m of markersOfCall(c)) perMarker.set(m, (perMarker.get(m) ?? 0) + 1);
    const repeated = [...perMarker].filter(([, n]) => n > 1);
    figure('engine calls answered', fake.calls().filter((x) => x.outcome === 'answered').length);
    figure('blocks sent to the engine more than once', repeated.length);
    expect(repeated).toEqual([]);
    // Every block was sent; a block split for height (STRIP_MAX_HEIGHT) is sent once per part,
    // each part under a marker of its own, so there are at least as many markers as blocks.
    expect(perMarker.size).toBeGreaterThanOrEqual(JOBS * docs[0].blocks.length);
  });
});
