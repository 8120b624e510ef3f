// Memory benchmark (issue 7 item 2): the worker process's RSS (VmRSS from /proc: every thread,
// so its render threads too), sampled every 50 ms while it runs real jobs from the built api,
// with an instant fake engine so rendering and strips are all that is measured.
//  - the A0 fixture sheet (14042 × 9933 px at 300 DPI) with 30 blocks: peak RSS, goal ≤ 250 MB
//    (issue 15; was 300), with the file-backed part (the node binary's pages) printed apart;
//  - the 352-page book with 2,000 blocks: RSS at 10 %, 50 %, 100 % of blocks finished, which
//    should not grow with the page count.
// Prints figures; asserts nothing.
//
//   npm run bench -- memory                   (builds first)
//   npx node bench/memory.mjs [--a0-blocks 30] [--book-blocks 2000] [--threads N] [--no-book]
//                             [--node-args "--max-semi-space-size=2 …"] [--renderer pdfium|pdfjs] [--text-layer pdfjs|pdfium]
// The worker starts as it does in service (tools/app-node-flags.mjs: node flags, glibc malloc
// settings); --node-args passes more V8/Node flags to it (later flags win).
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { a0Blocks, A0, BOOK, bookBlocks, fixturePdf, typeCounts } from './lib/blocks.mjs';
import { startFakeEngine } from './lib/fake-engine.mjs';
import { createJob, waitForJob } from './lib/jobs.mjs';
import { makeTinyPdf } from './lib/pdfs.mjs';
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
import { withStack } from './lib/stack.mjs';
import { APP_NODE_FLAGS, PROCESS_ENV } from '../tools/app-node-flags.mjs';

const THREADS = numberArg('threads', os.availableParallelism());
const A0_BLOCKS = numberArg('a0-blocks', 30);
const BOOK_BLOCKS = numberArg('book-blocks', 2000);
const NODE_ARGS = stringArg('node-args', '').split(' ').filter(Boolean);
const RENDERER = stringArg('renderer', 'pdfium');
const TEXT_LAYER = stringArg('text-layer', 'pdfium');

/** The worker's resident memory split as /proc reports it (anonymous, file-backed), in bytes. */
function rssParts(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
    return { anon: kb('RssAnon'), file: kb('RssFile') };
  } catch {
    return { anon: 0, file: 0 };
  }
}

/** Runs one job while sampling the worker; `marks` are block shares at which RSS is noted. */
async function measuredJob(stack, worker, pdf, blocks, marks = []) {
  const rss = new RssSampler(worker.pid, 50);
  const cpuBefore = cpuMsOf(worker.pid);
  const before = rss.resetPeak();
  const seen = new Map();
  const onRow = (row) => {
    const total = row.blocks_total;
    const share = total > 0 ? (row.blocks_done + row.blocks_failed) / total : 0;
    for (const m of marks) if (share >= m && !seen.has(m)) seen.set(m, [rss.sample(), rss.peak]);
  };
  const job = await createJob(stack.baseUrl, pdf, blocks);
  const { row } = await waitForJob(stack, job.id, { intervalMs: 100, onRow });
  seen.set(1, [rss.sample(), rss.peak]);
  rss.stop();
  const cpuSeconds = (cpuMsOf(worker.pid) - cpuBefore) / 1000;
  const status = `${row.status}, ${row.blocks_done} done / ${row.blocks_failed} failed`;
  return {
    before,
    peak: rss.peak,
    seen,
    status,
    seconds: (row.finished - row.created) / 1000,
    cpuSeconds,
  };
}

// eslint-disable-next-line max-lines-per-function -- a benchmark scenario read top to bottom: setup, measured runs, printed ratios
async function main() {
  console.log(machineFacts());
  const fake = await startFakeEngine(0);
  const env = {
    OPENROUTER_API_KEY: 'sk-bench',
    OPENROUTER_BASE_URL: fake.url,
    OPENROUTER_MAX_RPM: '60000',
    RENDER_THREADS: String(THREADS),
    RENDERER,
    RENDER_TEXT_LAYER: TEXT_LAYER,
  };
  const launch = Object.entries(PROCESS_ENV).map(([k, v]) => `${k}=${v}`);
  console.log(
    `worker started as ${[...launch, 'node', ...APP_NODE_FLAGS.worker, ...NODE_ARGS].join(' ')} ` +
      '(tools/app-node-flags.mjs; --node-args adds flags after those)',
  );
  try {
    await withStack(env, 40 * 60_000, async (stack) => {
      await stack.startApi();
      const worker = stack.startWorker({}, NODE_ARGS);
      // a warm-up job, so "before" is a booted worker with pdf.js loaded, as in service
      const tiny = await makeTinyPdf(stack.dataDir);
      await waitForJob(stack, (await createJob(stack.baseUrl, tiny.file, [tiny.block])).id);
      const a0 = a0Blocks(A0_BLOCKS);
      const r = await measuredJob(stack, worker, fixturePdf(A0), a0.blocks);
      console.log(
        `\nA0 sheet ${A0}, ${a0.blocks.length} blocks ${JSON.stringify(typeCounts(a0.blocks))}, ` +
          `RENDER_THREADS ${THREADS}, RENDERER ${RENDERER} (text ${TEXT_LAYER}): job ${r.status} in ${r.seconds.toFixed(1)} s, ` +
          `worker CPU ${r.cpuSeconds.toFixed(1)} s`,
      );
      console.log(
        `  worker RSS after a warm-up job ${mb(r.before)}, peak ${mb(r.peak)} (goal ≤ 250 MB), ` +
          `growth ${mb(r.peak - r.before)}; load ${loadAverage()}`,
      );
      const parts = rssParts(worker.pid);
      console.log(
        `  after the job: anonymous ${mb(parts.anon)}, file-backed ${mb(parts.file)} (the node binary, libraries)`,
      );
      if (flag('no-book')) return;
      const book = bookBlocks(BOOK_BLOCKS);
      const b = await measuredJob(stack, worker, fixturePdf(BOOK), book.blocks, [0.1, 0.5]);
      const at = (m) =>
        `${mb(b.seen.get(m)?.[0] ?? 0)} (peak so far ${mb(b.seen.get(m)?.[1] ?? 0)})`;
      console.log(
        `\nbook ${BOOK}, 352 pages, ${book.blocks.length} blocks ` +
          `${JSON.stringify(typeCounts(book.blocks))}: job ${b.status} in ${b.seconds.toFixed(1)} s, worker CPU ${b.cpuSeconds.toFixed(1)} s`,
      );
      console.log(
        `  worker RSS before ${mb(b.before)}; at 10 % ${at(0.1)}; 50 % ${at(0.5)}; 100 % ${at(1)}`,
      );
      console.log(`  load ${loadAverage()}`);
    });
  } finally {
    await fake.close();
  }
}

await main();
