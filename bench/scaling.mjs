// Scaling benchmark (docs/scaling.md): what one worker costs the shared services, measured on the
// built api + workers, a private redis-server (INFO commandstats deltas), the job's own Postgres
// database (pg_stat_database transactions, pg_stat_activity connections) and s3rver behind a
// counting proxy, with the fake OpenRouter engine answering at once (the busiest a worker gets).
//  1. idle: Redis commands/s of the api + one worker, then of a second worker added (the per-worker
//     floor: blocking queue reads, lock renewals, liveness).
//  2. jobs: J one-block jobs and J 20-block jobs on the two workers: per job Redis commands,
//     Postgres transactions, object store requests; jobs/s per worker.
//  3. the arithmetic for N = 1 … 1,000 workers.
// Prints figures; asserts nothing.
//
//   npm run bench -- scaling            npx node bench/scaling.mjs [--jobs 12] [--idle-s 10]
import { bookBlocks, fixturePdf, BOOK } from './lib/blocks.mjs';
import { startCountedS3, startPrivateRedis } from './lib/counted-services.mjs';
import { startFakeEngine } from './lib/fake-engine.mjs';
import { createJob, waitForJob } from './lib/jobs.mjs';
import { makeTinyPdf } from './lib/pdfs.mjs';
import { loadAverage, machineFacts, numberArg, sleep } from './lib/machine.mjs';
import { withStack } from './lib/stack.mjs';

const JOBS = numberArg('jobs', 12);
const IDLE_S = numberArg('idle-s', 10);
const WORKERS = 2;

const total = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);
const diff = (after, before) =>
  Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]));

async function pgFigures(stack) {
  const [x] = await stack.query(
    'select xact_commit + xact_rollback as xacts from pg_stat_database where datname = current_database()',
  );
  const [c] = await stack.query(
    'select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
  );
  return { xacts: Number(x.xacts), connections: c.n - 1 }; // less the bench's own pool connection
}

async function idleRate(redis) {
  const before = total(await redis.commands());
  await sleep(IDLE_S * 1000);
  return (total(await redis.commands()) - before - 1) / IDLE_S;
}

// eslint-disable-next-line max-lines-per-function -- counters before, the jobs, counters after: one measurement printed as it goes
async function runJobs(stack, redis, s3, label, pdf, blocks) {
  const before = { redis: await redis.commands(), pg: await pgFigures(stack), s3: s3.counts() };
  const started = performance.now();
  let peakConnections = 0;
  const sampler = setInterval(() => {
    pgFigures(stack).then(
      (f) => (peakConnections = Math.max(peakConnections, f.connections)),
      () => undefined,
    );
  }, 250);
  const jobs = [];
  for (let i = 0; i < JOBS; i++) jobs.push(await createJob(stack.baseUrl, pdf, blocks));
  for (const job of jobs) {
    const { row } = await waitForJob(stack, job.id, { intervalMs: 100, timeoutMs: 600_000 });
    if (row.status !== 'done') throw new Error(`${label} job ended ${row.status}`);
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const redisDiff = diff(await redis.commands(), before.redis);
  const pg = await pgFigures(stack);
  const s3Diff = diff(s3.counts(), before.s3);
  const top = Object.entries(redisDiff)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([k, v]) => `${k} ${(v / JOBS).toFixed(0)}`)
    .join(', ');
  const perJob = {
    label,
    blocks: blocks.length,
    jobsPerWorkerS: JOBS / seconds / WORKERS,
    redis: total(redisDiff) / JOBS,
    pg: (pg.xacts - before.pg.xacts) / JOBS,
    s3: total(s3Diff) / JOBS,
    seconds,
    peakConnections,
  };
  console.log(
    `  ${label}: ${JOBS} jobs in ${seconds.toFixed(1)} s on ${WORKERS} workers = ${perJob.jobsPerWorkerS.toFixed(2)} jobs/s per worker\n` +
      `    per job: Redis ${perJob.redis.toFixed(0)} commands (${top}), Postgres ${perJob.pg.toFixed(0)} transactions, object store ${perJob.s3.toFixed(1)} requests ${JSON.stringify(s3Diff)}\n` +
      `    Postgres connections of the api + ${WORKERS} workers at most ${peakConnections} (pools: 10 job store + 3 webhooks per process, idle ones close after 10 s)`,
  );
  return perJob;
}

function arithmetic(idlePerWorker, connsPerWorker, j) {
  console.log(
    `\n3. N workers, each running ${j.label} jobs flat out (${j.jobsPerWorkerS.toFixed(2)} jobs/s): needs`,
  );
  console.log('   N      Redis ops/s   Postgres conns   Postgres xact/s   object store req/s');
  for (const n of [1, 10, 100, 1000]) {
    const jobsS = n * j.jobsPerWorkerS;
    const redis = n * idlePerWorker + jobsS * j.redis;
    console.log(
      `   ${String(n).padEnd(6)} ${redis.toFixed(0).padStart(11)}   ${String(n * connsPerWorker).padStart(14)}   ${(jobsS * j.pg).toFixed(0).padStart(15)}   ${(jobsS * j.s3).toFixed(0).padStart(18)}`,
    );
  }
}

// eslint-disable-next-line max-lines-per-function -- the benchmark's script, phase after phase, printing as it goes
async function main() {
  console.log(`scaling bench — ${machineFacts()}`);
  const redis = await startPrivateRedis();
  const s3 = await startCountedS3('scaling-bench');
  const fake = await startFakeEngine(0);
  const env = {
    REDIS_URL: redis.url,
    ...s3.env,
    OPENROUTER_API_KEY: 'sk-bench',
    OPENROUTER_BASE_URL: fake.url,
    OPENROUTER_MAX_RPM: '100000',
    OPENROUTER_MAX_CONCURRENT: '32',
    MAX_CONCURRENT_JOBS: '2',
    RENDER_THREADS: '1',
  };
  try {
    await withStack(env, 30 * 60_000, async (stack) => {
      await stack.startApi();
      stack.startWorker();
      const tiny = await makeTinyPdf(stack.dataDir);
      await runJobs(stack, redis, s3, 'warm-up', tiny.file, [tiny.block]);
      console.log(`\n1. idle, ${IDLE_S} s each (load ${loadAverage()})`);
      const one = await idleRate(redis);
      const pgOne = await pgFigures(stack);
      stack.startWorker();
      // The second worker is up once its database pool has connected.
      for (let i = 0; i < 300 && (await pgFigures(stack)).connections <= pgOne.connections; i++)
        await sleep(500);
      await sleep(3000);
      const two = await idleRate(redis);
      const pgTwo = await pgFigures(stack);
      const idlePerWorker = two - one;
      const connsPerWorker = pgTwo.connections - pgOne.connections;
      console.log(
        `  api + 1 worker ${one.toFixed(1)} commands/s, + a 2nd worker ${two.toFixed(1)}: ${idlePerWorker.toFixed(1)} commands/s per idle worker\n` +
          `  Postgres connections: api + 1 worker ${pgOne.connections}, + a 2nd ${pgTwo.connections}: ${connsPerWorker} per worker`,
      );
      console.log(`\n2. jobs, instant engine (load ${loadAverage()})`);
      await runJobs(stack, redis, s3, '1-block', tiny.file, [tiny.block]);
      const big = await runJobs(
        stack,
        redis,
        s3,
        '20-block',
        fixturePdf(BOOK),
        bookBlocks(20).blocks,
      );
      arithmetic(idlePerWorker, connsPerWorker, big);
    });
  } finally {
    await fake.close();
    await s3.stop();
    await redis.stop();
  }
}

await main();
