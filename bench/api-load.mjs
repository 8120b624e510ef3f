// API-under-load benchmark (issue 7 item 6): the built api alone (no worker needed) on loopback,
// a fresh database, the disk object store.
//  1. `POST /jobs` with a generated ~200 MB PDF (random raw images), uploads one after another and
//     two at once: the api's RSS growth over its idle RSS, goal ≤ 64 MB.
//  2. 10,000 jobs inserted with SQL; autocannon at a fixed 200 requests/s for 30 s on
//     `GET /jobs` (the api's default page, 500 rows), `GET /jobs?client_id=…` (how the desktop
//     client lists) and `GET /jobs/{id}` over random ids: p50/p99/max latency, errors, non-2xx,
//     goal p99 ≤ 50 ms and no errors.
// Prints figures; asserts nothing.
//
//   npm run bench -- api-load                 (builds first)
//   npx node bench/api-load.mjs [--pdf-mb 200] [--jobs 10000] [--rate 200] [--seconds 30]
//                               [--no-upload] [--cpu-prof] [--node-args "--max-semi-space-size=16"]
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createJob } from './lib/jobs.mjs';
import {
  cpuMsOf,
  flag,
  loadAverage,
  machineFacts,
  mb,
  numberArg,
  RssSampler,
  stringArg,
} from './lib/machine.mjs';
import { makeLargePdf, makeTinyPdf } from './lib/pdfs.mjs';
import { API_KEY, withStack } from './lib/stack.mjs';

const PDF_MB = numberArg('pdf-mb', 200);
const JOBS = numberArg('jobs', 10_000);
const RATE = numberArg('rate', 200);
const SECONDS = numberArg('seconds', 30);
const CLIENTS = 50;
/** More node/V8 flags for the api, after those it runs with (tools/app-node-flags.mjs): later win. */
const NODE_ARGS = stringArg('node-args', '').split(' ').filter(Boolean);
const PROFILE_DIR = path.join(os.tmpdir(), 'remote-ocr-bench-profiles');

async function uploads(stack, dir) {
  console.log(`generating a ${PDF_MB} MB PDF…`);
  const pdf = await makeLargePdf(dir, PDF_MB);
  const tiny = await makeTinyPdf(dir); // its block lies on page 1 of both (612 pt pages)
  const rss = new RssSampler(stack.api.pid, 10);
  const cold = rss.resetPeak();
  // One small job first: modules the upload path loads on first use (pdf.js, the object store's
  // client) are a one-time cost of the process, not growth caused by a big upload.
  await createJob(stack.baseUrl, tiny.file, [tiny.block]);
  const warmUp = rss.peak;
  const idle = rss.resetPeak();
  const runs = [];
  for (const parallel of [1, 1, 1, 2]) {
    const started = performance.now();
    await Promise.all(
      Array.from({ length: parallel }, () => createJob(stack.baseUrl, pdf, [tiny.block])),
    );
    runs.push({ parallel, seconds: (performance.now() - started) / 1000, peak: rss.peak });
  }
  rss.stop();
  const size = (await import('node:fs')).statSync(pdf).size;
  console.log(
    `\n1. POST /jobs with a ${mb(size)} PDF (goal: growth ≤ 64 MB)\n` +
      `  api idle RSS ${mb(cold)} at start; a one-page job first peaks at ${mb(warmUp)} ` +
      `(+${mb(warmUp - cold)}, first-use loading); then idle ${mb(idle)}, growth measured from there`,
  );
  for (const r of runs) {
    const rateMb = (r.parallel * size) / 2 ** 20 / r.seconds;
    console.log(
      `  ${r.parallel} upload(s) at once: ${r.seconds.toFixed(1)} s (${rateMb.toFixed(0)} MB/s), ` +
        `api RSS peak so far ${mb(r.peak)}, growth ${mb(r.peak - idle)}`,
    );
  }
  console.log(`  load ${loadAverage()}`);
}

/** 10,000 plausible job rows straight into the table (50 clients, mixed statuses, a year apart). */
async function insertJobs(stack) {
  await stack.query(
    `insert into jobs (id, client_id, document_id, document_name, task_name, status, progress,
                       engine, r2_prefix, created_at, updated_at)
     select gen_random_uuid(), 'client-' || (i % $2), md5(i::text) || md5((i * 7)::text),
            'document-' || i || '.pdf', 'task ' || i,
            (array['done','done','done','error','queued','processing','paused','draft'])[1 + i % 8],
            case when i % 8 < 3 then 1 else 0.5 end, 'openrouter', 'ocr_jobs/' || i,
            now() - (i || ' minutes')::interval, now()
       from generate_series(1, $1) as i`,
    [JOBS, CLIENTS],
  );
  await stack.query('analyze jobs');
  return (await stack.query('select id from jobs')).map((r) => r.id);
}

async function load(stack, title, requestFor) {
  const rss = new RssSampler(stack.api.pid, 50);
  const before = rss.resetPeak();
  const cpuBefore = cpuMsOf(stack.api.pid);
  const result = await autocannon({
    url: stack.baseUrl,
    connections: 10,
    overallRate: RATE,
    duration: SECONDS,
    headers: { 'x-api-key': API_KEY },
    requests: [{ setupRequest: (req) => ({ ...req, path: requestFor() }) }],
  });
  rss.stop();
  const l = result.latency;
  const answers = Math.max(1, result.requests.total);
  const bytes = result.throughput.total / answers;
  const cpuPerAnswer = (cpuMsOf(stack.api.pid) - cpuBefore) / answers;
  console.log(
    `  ${title.padEnd(34)} ${result.requests.total} req (${result.requests.average}/s), ` +
      `p50 ${l.p50} ms, p99 ${l.p99} ms, max ${l.max} ms, errors ${result.errors}, ` +
      `timeouts ${result.timeouts}, non-2xx ${result.non2xx}, ${(bytes / 1024).toFixed(1)} KB/answer, ` +
      `api CPU ${cpuPerAnswer.toFixed(2)} ms/answer, api RSS ${mb(before)} → peak ${mb(rss.peak)}`,
  );
}

async function main() {
  console.log(machineFacts());
  const dir = await mkdtemp(path.join(os.tmpdir(), 'remote-ocr-bench-pdf-'));
  try {
    await withStack(
      {
        MAX_UPLOAD_MB: String(Math.max(512, PDF_MB * 2)),
        OPENROUTER_API_KEY: 'sk-bench',
      },
      20 * 60_000,
      async (stack) => {
        // --cpu-prof: the api writes a V8 CPU profile on exit (read it with bench/lib/profile.mjs)
        await stack.startApi([
          ...(flag('cpu-prof') ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []),
          ...NODE_ARGS,
        ]);
        if (!flag('no-upload')) await uploads(stack, dir);
        await rm(dir, { recursive: true, force: true });
        const ids = await insertJobs(stack);
        const total = (await stack.query('select count(*)::int as n from jobs'))[0].n;
        const pick = (list) => list[Math.floor(Math.random() * list.length)];
        console.log(
          `\n2. ${total} jobs stored; ${RATE} requests/s for ${SECONDS} s, 10 connections (goal: p99 ≤ 50 ms, no errors)`,
        );
        await load(stack, 'GET /jobs (default limit 500)', () => '/jobs');
        await load(
          stack,
          'GET /jobs?client_id=<one of 50>',
          () => `/jobs?client_id=client-${Math.floor(Math.random() * CLIENTS)}`,
        );
        await load(stack, 'GET /jobs/{random id}', () => `/jobs/${pick(ids)}`);
        console.log(`  load ${loadAverage()}`);
      },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
