// Fair sharing benchmark (issue 20, docs/scaling-fairness.md): client A submits 200 small jobs,
// then client B submits 1, on the built api and one worker (2 job slots, fake engine). Prints how
// many of A's jobs started between B's submission and B's start — with fair sharing (the goal:
// fewer than 3, i.e. B starts before A's third following job) and, as the peer, with
// FAIR_SHARING=false (plain FIFO: B waits behind all of A) — and B's wait in both. Asserts nothing.
//
//   npm run bench -- fairness                 (builds first)
//   node bench/fairness.mjs [--jobs 200] [--latency 40] [--no-peer]
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { flag, machineFacts, numberArg, sleep } from './lib/machine.mjs';
import { startFakeEngine } from './lib/fake-engine.mjs';
import { createJob, jobRow } from './lib/jobs.mjs';
import { makeTinyPdf } from './lib/pdfs.mjs';
import { withStack } from './lib/stack.mjs';

const JOBS = numberArg('jobs', 200);
const LATENCY_MS = numberArg('latency', 40);

/** One run: A's jobs, then B's; returns what happened around B. */
async function run(fake, tiny, fair) {
  const env = {
    OPENROUTER_API_KEY: 'sk-bench',
    OPENROUTER_BASE_URL: fake.url,
    MAX_CONCURRENT_JOBS: '2',
    FAIR_SHARING: String(fair),
    MAX_QUEUE_SIZE: String(JOBS + 10),
  };
  return withStack(env, 30 * 60_000, async (stack) => {
    await stack.startApi();
    stack.startWorker();
    const a = [];
    for (let i = 0; i < JOBS; i++)
      a.push((await createJob(stack.baseUrl, tiny.file, [tiny.block], { client_id: 'A' })).id);
    const b = (await createJob(stack.baseUrl, tiny.file, [tiny.block], { client_id: 'B' })).id;
    let bRow;
    for (;;) {
      bRow = await jobRow(stack, b);
      if (bRow.started !== null) break;
      await sleep(100);
    }
    const [counts] = await stack.query(
      `select count(*) filter (where a.started_at > b.created_at
                                 and a.started_at < b.started_at)::int as ahead,
              count(*) filter (where a.started_at is null
                                  or a.started_at > b.created_at)::int as following
         from jobs a, jobs b where a.client_id = 'A' and b.id = $1`,
      [b],
    );
    return {
      ahead: counts.ahead,
      following: counts.following,
      waitMs: bRow.started - bRow.created,
    };
  });
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'remote-ocr-bench-fair-'));
const fake = await startFakeEngine(LATENCY_MS);
try {
  console.log(machineFacts());
  const tiny = await makeTinyPdf(dir);
  const fair = await run(fake, tiny, true);
  const line = (name, r) =>
    `${name}: ${r.ahead} of A's ${r.following} later-starting jobs started before B; B waited ${(r.waitMs / 1000).toFixed(2)} s`;
  console.log(
    `A submits ${JOBS} jobs, then B submits 1 (1 worker, 2 slots, engine ${LATENCY_MS} ms)`,
  );
  console.log(line('fair sharing', fair));
  console.log(
    `goal: fewer than 3 (B starts before A's third following job): ${fair.ahead < 3 ? 'met' : 'NOT met'}`,
  );
  if (!flag('no-peer')) {
    const fifo = await run(fake, tiny, false);
    console.log(line('FIFO (FAIR_SHARING=false)', fifo));
    console.log(`B's wait, FIFO / fair: ${(fifo.waitMs / Math.max(1, fair.waitMs)).toFixed(1)}x`);
  }
} finally {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
}
