// Pipeline benchmark (issues 2 and 15): `runPipeline` on the 352-page book fixture with ~2,000
// synthetic TEXT blocks (6 bands a page; every 50th an IMAGE block), the real renderer
// (RENDERER-style --renderer pdfium|pdfjs), in-memory ports and an echo engine answering after
// --latency ms (default 0). Shows that memory stays flat while crops stream into strips: prints
// throughput, engine calls, RSS at each quarter of the job next to the peak, and where the time
// goes (render wait, strip rows, PNG, engine; bench/lib/stage-timer.mjs).
// Prints figures; asserts nothing.
//
//   npm run bench -- pipeline            (builds first)
//   node bench/pipeline.mjs --blocks 500 --renderer pdfjs --latency 300 --concurrency 8
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPipeline } from '@remote-ocr/ocr-core';
import { createRenderer } from '@remote-ocr/render';
import { StageTimer } from './lib/stage-timer.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = resolve(ROOT, '../shared/fixtures/pdfs');
const BOOK = '10_book_freeculture';
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const BLOCKS = arg('blocks', 2000);
const LATENCY_MS = arg('latency', 0);
const CONCURRENCY = arg('concurrency', 8);
const at = process.argv.indexOf('--renderer');
const RENDERER = at > 0 ? process.argv[at + 1] : 'pdfium';
const BANDS = 6;

function syntheticBlocks() {
  const doc = JSON.parse(readFileSync(join(FIXTURES, 'annotations', `${BOOK}.json`), 'utf8'));
  const blocks = [];
  for (const page of doc.pages) {
    for (let band = 0; band < BANDS && blocks.length < BLOCKS; band++) {
      const norm = [0.1, 0.08 + (band * 0.84) / BANDS, 0.9, 0.08 + ((band + 1) * 0.84) / BANDS];
      const px = norm.map((v, i) => Math.round(v * (i % 2 === 0 ? page.width : page.height)));
      const n = blocks.length;
      blocks.push({
        id: `bench-${String(n).padStart(5, '0')}`,
        page_index: page.page_number,
        coords_px: px,
        coords_norm: px.map((v, i) => v / (i % 2 === 0 ? page.width : page.height)),
        block_type: n % 50 === 49 ? 'image' : 'text',
        shape_type: 'rectangle',
      });
    }
  }
  return blocks;
}

const echoEngine = {
  name: 'echo',
  calls: 0,
  stripPixels: 0,
  async recognize(request) {
    this.calls += 1;
    await new Promise((r) => (LATENCY_MS > 0 ? setTimeout(r, LATENCY_MS) : setImmediate(r)));
    const text = request.blocks
      .map((b) => `[${b.index}] ${b.textLayer.slice(0, 200).trim() || '(no text)'}`)
      .join('\n');
    return { text: request.kind === 'image' ? '{"ok": true}' : text, engine: 'echo' };
  },
};

// eslint-disable-next-line max-lines-per-function -- a benchmark scenario read top to bottom: setup, measured runs, printed ratios
async function main() {
  const blocks = syntheticBlocks();
  const rows = new Map();
  const quarters = [];
  let peak = process.memoryUsage.rss();
  let sunk = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  const timer = new StageTimer();
  const started = performance.now();
  const summary = await runPipeline({
    engine: timer.engineOf(echoEngine),
    renderer: timer.renderer(createRenderer({ renderer: RENDERER })),
    settings: { concurrency: CONCURRENCY },
    source: {
      fetchPdf: async () => join(FIXTURES, `${BOOK}.pdf`),
      fetchBlocks: async () => blocks,
    },
    sink: { put: async (o) => void (sunk += o.body.length) },
    checkpoints: {
      list: async () => [],
      save: async (c) => void rows.set(`${c.blockId}#${c.part}`, c.error ?? c.status),
    },
    progress: {
      report: (u) => {
        const quarter = Math.floor((u.blocksDone + u.blocksFailed) / (u.blocksTotal / 4));
        if (u.blocksTotal > 0 && quarter > quarters.length && quarters.length < 4)
          quarters.push(Math.round(process.memoryUsage.rss() / 2 ** 20));
      },
    },
    documentName: `${BOOK}.pdf`,
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  console.log(
    `blocks ${summary.blocksTotal} (done ${summary.done}, failed ${summary.failed}), ` +
      `engine calls ${summary.engineCalls}, results ${(sunk / 2 ** 20).toFixed(1)} MB`,
  );
  const errors = new Set([...rows.values()].filter((v) => v !== 'done'));
  if (errors.size > 0) console.log(`errors: ${[...errors].slice(0, 3).join(' | ')}`);
  console.log(
    `${RENDERER}: wall ${seconds.toFixed(1)} s, ${(summary.blocksTotal / seconds).toFixed(1)} blocks/s`,
  );
  console.log(timer.summary(seconds, CONCURRENCY));
  console.log(
    `RSS at 25/50/75/100 % of blocks: ${quarters.join(' / ')} MB; peak ${Math.round(peak / 2 ** 20)} MB`,
  );
}

await main();
