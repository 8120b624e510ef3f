// Strips benchmark (issue 7 item 4): engine calls and megapixels sent with strips, against one call
// per block, on every fixture annotation (../shared/fixtures/pdfs/annotations). Each document runs
// through the real ocr-core pipeline in this process (pdf.js crops at 300 DPI, strips as the worker
// builds them, default 9000 px limit) with an instant engine that counts what it is sent. "One call
// per block" sends each TEXT/TABLE crop (each window of a split block) alone; IMAGE blocks are one
// call either way. Prints figures; asserts nothing.
//
//   npm run bench -- strips                     (builds first)
//   npx node bench/strips.mjs [--strip-max-height 9000] [--threads N]
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixturePdf, loadAnnotation } from './lib/blocks.mjs';
import { runInProcess } from './lib/inprocess.mjs';
import { loadAverage, machineFacts, numberArg } from './lib/machine.mjs';
import { FIXTURES } from './lib/stack.mjs';

const STRIP_MAX_HEIGHT = numberArg('strip-max-height', 9000);
const THREADS = numberArg('threads', os.availableParallelism());
const mpx = (pixels) => (pixels / 1e6).toFixed(1);

async function measure(name) {
  const doc = loadAnnotation(name);
  const blocks = doc.pages.flatMap((p) => p.blocks);
  const { engine, summary } = await runInProcess({
    pdf: fixturePdf(name),
    blocks,
    threads: THREADS,
    stripMaxHeight: STRIP_MAX_HEIGHT,
  });
  return {
    name,
    blocks: blocks.length,
    failed: summary.failed,
    withStrips: engine.total,
    perBlock: engine.cropsOnStrips + engine.calls.image,
    mpxStrips: engine.pixels.strip + engine.pixels.image,
    mpxPerBlock: engine.cropPixels + engine.pixels.image,
    maxPerStrip: Math.max(0, ...engine.blocksPerStrip),
  };
}

async function main() {
  console.log(machineFacts());
  console.log(`strip height limit ${STRIP_MAX_HEIGHT} px, ${THREADS} render threads\n`);
  const names = readdirSync(path.join(FIXTURES, 'annotations'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
  const head = [
    'fixture',
    'blocks',
    'calls/block',
    'calls/strips',
    'saved',
    'Mpx/block',
    'Mpx/strips',
    'max/strip',
  ];
  console.log(head.map((h, i) => (i === 0 ? h.padEnd(36) : h.padStart(13))).join(''));
  const rows = [];
  for (const name of names) {
    const r = await measure(name);
    rows.push(r);
    print(r);
  }
  const sum = (k) => rows.reduce((s, r) => s + r[k], 0);
  print({
    name: 'all fixtures',
    blocks: sum('blocks'),
    failed: sum('failed'),
    perBlock: sum('perBlock'),
    withStrips: sum('withStrips'),
    mpxPerBlock: sum('mpxPerBlock'),
    mpxStrips: sum('mpxStrips'),
    maxPerStrip: Math.max(...rows.map((r) => r.maxPerStrip)),
  });
  console.log(`\nload ${loadAverage()}`);
}

function print(r) {
  const saved = `${(100 * (1 - r.withStrips / r.perBlock)).toFixed(0)} %`;
  const cells = [
    r.blocks,
    r.perBlock,
    r.withStrips,
    saved,
    mpx(r.mpxPerBlock),
    mpx(r.mpxStrips),
    r.maxPerStrip,
  ];
  const failed = r.failed > 0 ? `  (${r.failed} blocks failed)` : '';
  console.log(r.name.padEnd(36) + cells.map((c) => String(c).padStart(13)).join('') + failed);
}

await main();
