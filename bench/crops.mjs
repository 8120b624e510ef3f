// Crop-stage benchmark (issues 2, 7 and 15): every block of ../shared/fixtures/pdfs/annotations
// cropped at 300 DPI with PNG encoding, by our PDFium and pdf.js renderers with 1 and 2 render
// threads (and PDFium's raw crops, as strips take them), next to MuPDF
// (../shared/tools/mupdf_crop_baseline.py --png) run in the same invocation; then the A0
// sheet alone (its blocks, and 30 blocks) for peak memory, and a long document (the 352-page
// book, blocks synthesised on every page) for RSS against progress. Prints figures; asserts
// nothing.
//
//   npx node bench/crops.mjs [--long-blocks N] [--per-doc] [--only crops] [--renderer pdfium]
//                                                   (from the repo root; no build needed)
// --renderer picks the renderer of the A0 and long-document parts (default pdfium).
//
// --per-doc adds each document's seconds next to MuPDF's on the same document (one MuPDF run
// per file, so its figures include the interpreter start); --only crops skips the A0 and
// long-document parts.
//
// Each configuration runs in a fresh child process so peak RSS is its own; RSS is sampled every
// 10 ms from inside that process, so it includes the render threads' memory. CPU seconds (all
// threads) are printed too: on a shared machine they are steadier than wall time.
import { execFile } from 'node:child_process';
import os from 'node:os';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { a0GridBlocks, annotationBlocks, longDocumentBlocks } from './crops-blocks.mjs';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
const FIXTURES = resolve(ROOT, '../shared/fixtures/pdfs');
const ANNOTATIONS = join(FIXTURES, 'annotations');
const MUPDF_TOOL = resolve(ROOT, '../shared/tools/mupdf_crop_baseline.py');
const A0 = '02_A0_survey_issue14497.json';

/** Child: crops jobs ({pdf, blocks}) with `threads` threads; prints one JSON line. */
// eslint-disable-next-line max-lines-per-function -- a benchmark scenario read top to bottom: setup, measured runs, printed ratios
async function child(threads, jobs, checkpoints = [], spec = {}) {
  await import('./source-hooks.mjs');
  const { createRenderer, DEFAULT_CROP_OPTIONS } = await import('../libs/render/src/index.ts');
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  const renderer = createRenderer({
    renderer: spec.renderer ?? 'pdfjs',
    threads,
    textLayer: process.env.RENDER_TEXT_LAYER === 'pdfjs' ? 'pdfjs' : undefined,
  });
  const options = { ...DEFAULT_CROP_OPTIONS, raw: spec.raw === true };
  const total = jobs.reduce((n, job) => n + job.blocks.length, 0);
  const marks = checkpoints.map((share) => Math.max(1, Math.round(total * share)));
  const rssAt = [];
  const started = performance.now();
  const cpu = process.cpuUsage();
  let blocks = 0;
  let pixels = 0;
  let pngBytes = 0;
  const docs = [];
  for (const job of jobs) {
    const docStarted = performance.now();
    const session = await renderer.open(job.pdf);
    for await (const crop of session.crop(job.blocks, options)) {
      blocks += 1;
      for (const part of crop.parts) {
        pixels += part.width * part.height;
        pngBytes += part.png.length;
      }
      if (marks.includes(blocks)) {
        const rss = process.memoryUsage.rss();
        rssAt.push({ blocks, rssMb: rss / 2 ** 20, peakMb: Math.max(peak, rss) / 2 ** 20 });
      }
    }
    await session.close();
    docs.push({ pdf: job.pdf, seconds: (performance.now() - docStarted) / 1000 });
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  const peakRssMb = Math.max(peak, process.memoryUsage.rss()) / 2 ** 20;
  const cpuSeconds = (used.user + used.system) / 1e6;
  console.log(
    JSON.stringify({
      threads,
      blocks,
      seconds,
      cpuSeconds,
      pixels,
      pngBytes,
      peakRssMb,
      rssAt,
      docs,
    }),
  );
}

/** Runs `child` in a fresh process; `spec` says which blocks. */
async function ours(threads, spec) {
  const self = fileURLToPath(import.meta.url);
  const { stdout } = await run(
    process.execPath,
    [self, '--child', String(threads), JSON.stringify(spec)],
    { cwd: ROOT, maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout.trim().split('\n').pop());
}

async function mupdf(files) {
  try {
    const paths = files.map((f) => join(ANNOTATIONS, f));
    const { stdout } = await run('/usr/bin/python3', [MUPDF_TOOL, ...paths, '--png'], {
      cwd: ROOT,
    });
    const r = JSON.parse(stdout.trim().split('\n').pop());
    return { blocks: r.blocks, seconds: r.seconds, pixels: r.pixels, peakRssMb: r.peak_rss_mb };
  } catch (error) {
    console.log(
      `MuPDF peer could not run (${error.message.split('\n')[0]}); continuing without it`,
    );
    return undefined;
  }
}

const fmt = (v, d = 2) => (v === undefined ? '—' : v.toFixed(d));

function header() {
  const cells = ['run'.padEnd(22), 'seconds', 'cpu s', 'blocks/s', 'Mpx/s', 'peak MB', 'ratio'];
  console.log(cells.join('  '));
}

function row(name, r, peer) {
  const ratio = peer ? r.seconds / peer.seconds : undefined;
  const cells = [
    name.padEnd(22),
    fmt(r.seconds).padStart(8),
    fmt(r.cpuSeconds).padStart(6),
    fmt(r.blocks / r.seconds).padStart(9),
    fmt(r.pixels / 1e6 / r.seconds, 1).padStart(6),
    fmt(r.peakRssMb, 0).padStart(8),
    fmt(ratio).padStart(6),
  ];
  console.log(cells.join(' '));
  return ratio;
}

/** Each document's seconds: ours with 1 and 2 threads, MuPDF alone on the same file. */
async function perDocument(files, one, two) {
  console.log(`\nper document, PDFium (seconds; MuPDF run once per file):`);
  console.log(['document'.padEnd(22), 'MuPDF', '1 thr', '2 thr', 'ratio 2 thr'].join('  '));
  for (let i = 0; i < files.length; i++) {
    const peer = await mupdf([files[i]]);
    const cells = [
      files[i].slice(0, 22).padEnd(22),
      fmt(peer?.seconds).padStart(5),
      fmt(one.docs[i].seconds).padStart(5),
      fmt(two.docs[i].seconds).padStart(5),
      fmt(peer ? two.docs[i].seconds / peer.seconds : undefined).padStart(11),
    ];
    console.log(cells.join('  '));
  }
}

// eslint-disable-next-line max-lines-per-function -- a benchmark scenario read top to bottom: setup, measured runs, printed ratios
async function main(longBlocks, perDoc, onlyCrops, renderer) {
  const files = readdirSync(ANNOTATIONS)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const peer = await mupdf(files);
  const pdfium1 = await ours(1, { files, renderer: 'pdfium' });
  const pdfium2 = await ours(2, { files, renderer: 'pdfium' });
  const raw2 = await ours(2, { files, renderer: 'pdfium', raw: true });
  const one = await ours(1, { files });
  const two = await ours(2, { files });
  console.log(
    `\ncrops: ${one.blocks} blocks, ${fmt(one.pixels / 1e6, 1)} Mpx, PNG ${fmt(one.pngBytes / 2 ** 20, 1)} MB ` +
      `(load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')})`,
  );
  header();
  if (peer) row('MuPDF --png (1 proc)', { ...peer, cpuSeconds: undefined }, peer);
  const p1 = row('pdfium, 1 thread', pdfium1, peer);
  const p2 = row('pdfium, 2 threads', pdfium2, peer);
  row('pdfium raw, 2 threads', raw2, peer);
  row('pdfjs, 1 thread', one, peer);
  row('pdfjs, 2 threads', two, peer);
  if (peer) {
    console.log(`goal: pdfium 2 threads ≤ 0.6× MuPDF → ${fmt(p2)}×; 1 thread ≤ 1.0× → ${fmt(p1)}×`);
  }
  if (perDoc) await perDocument(files, pdfium1, pdfium2);
  if (onlyCrops) return;

  const a0Peer = await mupdf([A0]);
  const a0One = await ours(1, { files: [A0], renderer });
  const a0Two = await ours(2, { files: [A0], renderer });
  const a0Grid = await ours(2, { a0Grid: 30, renderer });
  console.log(`\nA0 sheet alone (${a0One.blocks} blocks, ${fmt(a0One.pixels / 1e6, 1)} Mpx):`);
  header();
  if (a0Peer) row('MuPDF --png (1 proc)', { ...a0Peer, cpuSeconds: undefined }, a0Peer);
  row(`${renderer}, 1 thread`, a0One, a0Peer);
  row(`${renderer}, 2 threads`, a0Two, a0Peer);
  row(`${renderer}, 2 thr, ${a0Grid.blocks} blocks`, a0Grid);
  const a0Peak = Math.max(a0One.peakRssMb, a0Two.peakRssMb, a0Grid.peakRssMb);
  console.log(`goal: A0 peak RSS ≤ 300 MB → ${fmt(a0Peak, 0)} MB`);

  const long = await ours(2, { long: longBlocks, checkpoints: [0.1, 0.5, 1], renderer });
  console.log(
    `\nlong document (352-page book, ${long.blocks} blocks on every page, ` +
      `${fmt(long.pixels / 1e6, 1)} Mpx, 2 threads, ${renderer}): ${fmt(long.seconds)} s, ` +
      `${fmt(long.blocks / long.seconds)} blocks/s, cpu ${fmt(long.cpuSeconds)} s`,
  );
  const at = long.rssAt
    .map((p, i) => `${[10, 50, 100][i]} %: ${fmt(p.rssMb, 0)} MB (peak ${fmt(p.peakMb, 0)})`)
    .join(', ');
  console.log(`RSS at ${at}; goal: flat with page count`);
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  const spec = JSON.parse(args[2]);
  const jobs = spec.files
    ? spec.files.map((f) => annotationBlocks(join(ANNOTATIONS, f), FIXTURES))
    : spec.a0Grid
      ? [a0GridBlocks(join(ANNOTATIONS, A0), FIXTURES, spec.a0Grid)]
      : [longDocumentBlocks(join(ANNOTATIONS, '10_book_freeculture.json'), FIXTURES, spec.long)];
  await child(Number(args[1]), jobs, spec.checkpoints, spec);
} else {
  const at = args.indexOf('--long-blocks');
  const only = args.indexOf('--only');
  const which = args.indexOf('--renderer');
  await main(
    at >= 0 ? Number(args[at + 1]) : 2000,
    args.includes('--per-doc'),
    only >= 0 && args[only + 1] === 'crops',
    which >= 0 ? args[which + 1] : 'pdfium',
  );
}
