// End-to-end benchmark (issue 7 item 5): the built api + worker processes, a fresh database, the
// disk object store and the fake OpenRouter server on loopback.
//  A. Per-job overhead (queue + database + storage): one-block jobs with an instant engine, one
//     after another; POST answer → `done` seen (10 ms polls of the job row) and the row's own
//     created_at → started_at → finished_at.
//  B. 2,000 blocks over the 352-page book, fake engine 300 ms, C = 8: wall time (created_at →
//     finished_at) against the bound set by the limits, calls × 0.3 s / C, and against the render
//     floor: the same job in one process with an instant engine and the worker's render threads
//     (measured first, in a child process, in this same run). Also the worker's RSS at 10/50/100 %.
// Prints figures; asserts nothing.
//
//   npm run bench -- e2e                      (builds first)
//   npx node bench/e2e.mjs [--blocks 2000] [--jobs 30] [--latency-ms 300] [--threads N]
//                          [--no-floor] [--overhead-only] [--cpu-prof] [--renderer pdfium|pdfjs]
//                          [--node-args "--max-semi-space-size=8 …"] [--worker-env "K=V …"]
// --node-args adds V8/Node flags to the worker after tools/app-node-flags.mjs's (later flags win);
// --worker-env adds to its environment (e.g. MALLOC_MMAP_THRESHOLD_=… to try allocator settings).
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { bookBlocks, fixturePdf, BOOK, typeCounts } from './lib/blocks.mjs';
import { callStats, setLatency, startFakeEngine } from './lib/fake-engine.mjs';
import { makeTinyPdf } from './lib/pdfs.mjs';
import { createJob, waitForJob } from './lib/jobs.mjs';
import {
  cpuMsOf,
  cpuSplitOf,
  flag,
  loadAverage,
  machineFacts,
  mb,
  numberArg,
  percentile,
  stringArg,
  RssSampler,
} from './lib/machine.mjs';
import { withStack } from './lib/stack.mjs';

const BLOCKS = numberArg('blocks', 2000);
const JOBS = numberArg('jobs', 30);
const WARMUP = 3;
const LATENCY_MS = numberArg('latency-ms', 300);
const C = 8;
const RPM = 60_000; // far above C / latency (1,600/min), so concurrency is the binding limit
const THREADS = numberArg('threads', os.availableParallelism());
const RENDERER = stringArg('renderer', 'pdfium');
const NODE_ARGS = stringArg('node-args', '').split(' ').filter(Boolean);
const WORKER_ENV = Object.fromEntries(
  stringArg('worker-env', '')
    .split(' ')
    .filter(Boolean)
    .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
);
const PROFILE_DIR = path.join(os.tmpdir(), 'remote-ocr-bench-profiles');
const MUPDF_TOOL = path.resolve(import.meta.dirname, '../../shared/tools/mupdf_crop_baseline.py');

/** Child mode: the render floor, the same blocks through ocr-core in-process. */
async function floorChild() {
  const { runInProcess } = await import('./lib/inprocess.mjs');
  const { blocks } = bookBlocks(BLOCKS);
  const cpu = process.cpuUsage();
  const run = await runInProcess({
    renderer: RENDERER,
    pdf: fixturePdf(BOOK),
    blocks,
    threads: THREADS,
    concurrency: C,
  });
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  console.log(JSON.stringify({ seconds: run.seconds, calls: run.engine.calls, cpuSeconds }));
}

async function measureFloor() {
  const args = [
    import.meta.filename,
    '--floor-child',
    '--blocks',
    String(BLOCKS),
    '--threads',
    String(THREADS),
    '--renderer',
    RENDERER,
  ];
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop());
}

/**
 * MuPDF's time for the same crops (../shared/tools/mupdf_crop_baseline.py --png, one core): how
 * far the best-known renderer is from the engine bound on this machine. Null when PyMuPDF is
 * missing (Debian: python3-fitz).
 */
async function mupdfPeer(blocks) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'remote-ocr-bench-mupdf-'));
  try {
    const pages = new Map();
    for (const b of blocks) pages.set(b.page_index, [...(pages.get(b.page_index) ?? []), b]);
    const annotation = {
      pdf_path: fixturePdf(BOOK), // absolute: the tool joins it to the annotation's folder
      pages: [...pages].map(([page_number, list]) => ({ page_number, blocks: list })),
    };
    await mkdir(path.join(dir, 'annotations'));
    const file = path.join(dir, 'annotations', 'book.json');
    await writeFile(file, JSON.stringify(annotation));
    const { stdout } = await promisify(execFile)('/usr/bin/python3', [MUPDF_TOOL, file, '--png']);
    return JSON.parse(stdout.trim().split('\n').pop());
  } catch (error) {
    console.log(`  MuPDF peer could not run (${error.message.split('\n')[0]})`);
    return null;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// eslint-disable-next-line max-lines-per-function -- a benchmark scenario read top to bottom: setup, measured runs, printed ratios
async function overhead(stack, fake, worker) {
  setLatency(fake, 0);
  // a one-line page: what remains is queue, database, storage, job set-up and one engine call
  const tiny = await makeTinyPdf(stack.dataDir);
  const rows = [];
  const cpu = {};
  for (let i = 0; i < WARMUP + JOBS; i++) {
    if (i === WARMUP)
      Object.assign(cpu, { worker: cpuMsOf(worker.pid), api: cpuMsOf(stack.api.pid) });
    const job = await createJob(stack.baseUrl, tiny.file, [tiny.block]);
    const answered = performance.now();
    const { row, seenAt } = await waitForJob(stack, job.id, { intervalMs: 10, timeoutMs: 60_000 });
    if (row.status !== 'done')
      throw new Error(`one-block job ended ${row.status}: ${row.error_message}`);
    if (i >= WARMUP) rows.push({ client: seenAt - answered, ...row });
  }
  const line = (name, values) =>
    `  ${name.padEnd(34)} median ${percentile(values, 50).toFixed(0).padStart(5)} ms, p95 ${percentile(values, 95).toFixed(0).padStart(5)} ms`;
  console.log(
    `\nA. per-job overhead, one TEXT block on a generated one-line page, instant engine, ${JOBS} jobs after ${WARMUP} warm-up (goal: median ≤ 150 ms)`,
  );
  console.log(
    line(
      'POST answer → done seen (10 ms poll)',
      rows.map((r) => r.client),
    ),
  );
  console.log(
    line(
      'created_at → finished_at (DB)',
      rows.map((r) => r.finished - r.created),
    ),
  );
  console.log(
    line(
      '  created_at → started_at (queue)',
      rows.map((r) => r.started - r.created),
    ),
  );
  console.log(
    line(
      '  started_at → finished_at (run)',
      rows.map((r) => r.finished - r.started),
    ),
  );
  const perJob = (pid, before) => ((cpuMsOf(pid) - before) / JOBS).toFixed(0);
  console.log(
    `  CPU per job (user+sys, all threads): worker ${perJob(worker.pid, cpu.worker)} ms, api ${perJob(stack.api.pid, cpu.api)} ms`,
  );
  console.log(`  load average ${loadAverage()}`);
  return percentile(
    rows.map((r) => r.finished - r.created),
    50,
  );
}

// eslint-disable-next-line max-lines-per-function -- a benchmark scenario read top to bottom: setup, measured runs, printed ratios
async function bigJob(stack, fake, worker, floor, overheadMs) {
  setLatency(fake, LATENCY_MS);
  fake.requests.length = 0;
  const { doc, blocks } = bookBlocks(BLOCKS);
  const rss = new RssSampler(worker.pid, 100);
  const baseline = rss.resetPeak();
  const marks = new Map();
  const onRow = (row) => {
    const share =
      row.blocks_total > 0 ? (row.blocks_done + row.blocks_failed) / row.blocks_total : 0;
    for (const p of [0.1, 0.5])
      if (share >= p && !marks.has(p)) marks.set(p, { now: rss.sample(), peak: rss.peak });
  };
  const cpuBefore = { worker: cpuMsOf(worker.pid), api: cpuMsOf(stack.api.pid) };
  const splitBefore = cpuSplitOf(worker.pid);
  const job = await createJob(stack.baseUrl, fixturePdf(BOOK), blocks);
  const { row } = await waitForJob(stack, job.id, { intervalMs: 250, onRow });
  const cpuS = (pid, before) => ((cpuMsOf(pid) - before) / 1000).toFixed(1);
  const splitAfter = cpuSplitOf(worker.pid);
  marks.set(1, { now: rss.sample(), peak: rss.peak });
  rss.stop();
  const wall = (row.finished - row.created) / 1000;
  const stats = callStats(fake.calls(), C);
  const engineBound = Math.max((stats.calls * LATENCY_MS) / 1000 / C, (stats.calls / RPM) * 60);
  const overheadS = overheadMs / 1000;
  console.log(
    `\nB. ${BLOCKS} blocks ${JSON.stringify(typeCounts(blocks))} over ${doc.pages.length} pages, fake engine ${LATENCY_MS} ms, C = ${C}, RPM limit ${RPM}, RENDER_THREADS ${THREADS}, RENDERER ${RENDERER}`,
  );
  console.log(
    `  job ${row.status}: ${row.blocks_done} done, ${row.blocks_failed} failed${row.error_message ? ` (${row.error_message})` : ''}`,
  );
  console.log(
    `  engine calls ${stats.calls}; engine slots busy ${(stats.occupancy * 100).toFixed(0)} % between first call and last answer; mean call ${stats.meanServiceMs?.toFixed(0)} ms`,
  );
  console.log(
    `  wall (created_at → finished_at)   ${wall.toFixed(1)} s   (queue ${((row.started - row.created) / 1000).toFixed(1)} s, first call at +${((stats.first - row.started) / 1000).toFixed(1)} s, last answer → done ${((row.finished - stats.last) / 1000).toFixed(1)} s)`,
  );
  console.log(
    `  engine bound calls × ${LATENCY_MS / 1000} s / ${C}   ${engineBound.toFixed(1)} s   → ${(wall / engineBound).toFixed(2)}× (issue 15 goal ≤ 1.5×)`,
  );
  if (floor) {
    const bound = Math.max(engineBound, floor.seconds) + overheadS;
    console.log(
      `  render floor (in-process, instant engine, ${floor.calls.strip + floor.calls.image} calls)   ${floor.seconds.toFixed(1)} s`,
    );
    console.log(
      floor.mupdf
        ? `  MuPDF peer (same crops + PNG, one core)   ${floor.mupdf.seconds.toFixed(1)} s = ${(floor.mupdf.seconds / engineBound).toFixed(1)}× the engine bound`
        : '  MuPDF peer: not measured',
    );
    console.log(
      `  bound = max(engine, render floor) + per-job overhead ${overheadS.toFixed(2)} s = ${bound.toFixed(1)} s   → ${(wall / bound).toFixed(2)}× (issue 7 goal ≤ 1.15×)`,
    );
  }
  console.log(
    `  CPU (user+sys, all threads): worker ${cpuS(worker.pid, cpuBefore.worker)} s (system ${((splitAfter.system - splitBefore.system) / 1000).toFixed(1)} s), api ${cpuS(stack.api.pid, cpuBefore.api)} s${floor?.cpuSeconds ? `; render floor ${floor.cpuSeconds.toFixed(1)} s` : ''}`,
  );
  const at = (p) => `${mb(marks.get(p)?.now ?? 0)} (peak so far ${mb(marks.get(p)?.peak ?? 0)})`;
  console.log(
    `  worker RSS: before ${mb(baseline)}; at 10 % ${at(0.1)}; 50 % ${at(0.5)}; 100 % ${at(1)}`,
  );
  console.log(`  load average ${loadAverage()}`);
}

async function main() {
  console.log(machineFacts());
  let floor = null;
  if (!flag('no-floor') && !flag('overhead-only')) {
    console.log(
      `measuring the render floor in a child process (${BLOCKS} blocks, ${THREADS} render threads)…`,
    );
    floor = await measureFloor();
    console.log(`  render floor ${floor.seconds.toFixed(1)} s, load ${loadAverage()}`);
    floor.mupdf = await mupdfPeer(bookBlocks(BLOCKS).blocks);
    if (floor.mupdf)
      console.log(
        `  MuPDF, the same ${floor.mupdf.blocks} crops + PNG on one core: ${floor.mupdf.seconds.toFixed(1)} s, load ${loadAverage()}`,
      );
  }
  const fake = await startFakeEngine(0);
  const env = {
    OPENROUTER_API_KEY: 'sk-bench',
    OPENROUTER_BASE_URL: fake.url,
    OPENROUTER_MAX_CONCURRENT: String(C),
    OPENROUTER_MAX_RPM: String(RPM),
    JOB_ENGINE_CONCURRENCY: String(C),
    RENDER_THREADS: String(THREADS),
    RENDERER,
  };
  try {
    await withStack(env, 45 * 60_000, async (stack) => {
      await stack.startApi();
      // --cpu-prof: the worker writes a V8 CPU profile on exit (read it with bench/lib/profile.mjs)
      const profile = flag('cpu-prof') ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
      const worker = stack.startWorker(WORKER_ENV, [...NODE_ARGS, ...profile]);
      const overheadMs = await overhead(stack, fake, worker);
      if (!flag('overhead-only')) await bigJob(stack, fake, worker, floor, overheadMs);
    });
  } finally {
    await fake.close();
  }
}

if (flag('floor-child')) await floorChild();
else await main();
