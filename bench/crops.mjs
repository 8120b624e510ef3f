// Crop-stage benchmark (issue 2): every block of ../shared/fixtures/pdfs/annotations cropped at
// 300 DPI with PNG encoding, by our pdf.js renderer with 1 and 2 render threads, next to MuPDF
// (../shared/tools/mupdf_crop_baseline.py --png) run in the same invocation; then the A0 sheet
// alone for peak memory. Prints figures; asserts nothing.
//
//   npx node bench/crops.mjs            (from the repo root; no build needed)
//
// Each configuration runs in a fresh child process so peak RSS is its own; RSS is sampled every
// 10 ms from inside that process, so it includes the render threads' memory.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = resolve(ROOT, '../shared/fixtures/pdfs');
const ANNOTATIONS = join(FIXTURES, 'annotations');
const MUPDF_TOOL = resolve(ROOT, '../shared/tools/mupdf_crop_baseline.py');
const A0 = '02_A0_survey_issue14497.json';

/** Child mode: crop the given annotation files with `threads` threads, print one JSON line. */
async function child(threads, files) {
  await import('./source-hooks.mjs');
  const { PdfJsRenderer, DEFAULT_CROP_OPTIONS } = await import('../libs/ocr-core/src/pdf/index.ts');
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  const renderer = new PdfJsRenderer({ threads });
  const started = performance.now();
  let blocks = 0;
  let pixels = 0;
  let pngBytes = 0;
  for (const file of files) {
    const doc = JSON.parse(readFileSync(join(ANNOTATIONS, file), 'utf8'));
    const list = doc.pages.flatMap((page) => page.blocks);
    const session = await renderer.open(join(FIXTURES, doc.pdf_path));
    for await (const crop of session.crop(list, DEFAULT_CROP_OPTIONS)) {
      blocks += 1;
      for (const part of crop.parts) {
        pixels += part.width * part.height;
        pngBytes += part.png.length;
      }
    }
    await session.close();
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const peakRssMb = Math.max(peak, process.memoryUsage.rss()) / 2 ** 20;
  console.log(JSON.stringify({ threads, blocks, seconds, pixels, pngBytes, peakRssMb }));
}

async function ours(threads, files) {
  const self = fileURLToPath(import.meta.url);
  const { stdout } = await run(process.execPath, [self, '--child', String(threads), ...files], {
    cwd: ROOT,
    maxBuffer: 1 << 20,
  });
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

function row(name, r, peer) {
  const ratio = peer ? r.seconds / peer.seconds : undefined;
  const cells = [
    name.padEnd(22),
    fmt(r.seconds).padStart(8),
    fmt(r.blocks / r.seconds).padStart(9),
    fmt(r.pixels / 1e6 / r.seconds, 1).padStart(7),
    fmt(r.peakRssMb, 0).padStart(9),
    fmt(ratio).padStart(7),
  ];
  console.log(cells.join(' '));
  return ratio;
}

async function main() {
  const files = readdirSync(ANNOTATIONS)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const peer = await mupdf(files);
  const one = await ours(1, files);
  const two = await ours(2, files);
  console.log(
    `\ncrops: ${one.blocks} blocks, ${fmt(one.pixels / 1e6, 1)} Mpx, PNG ${fmt(one.pngBytes / 2 ** 20, 1)} MB`,
  );
  console.log(['run'.padEnd(22), 'seconds', 'blocks/s', 'Mpx/s', 'peak MB', 'ratio'].join('  '));
  if (peer) row('MuPDF --png (1 proc)', peer, peer);
  const r1 = row('pdfjs, 1 thread', one, peer);
  const r2 = row('pdfjs, 2 threads', two, peer);
  if (peer) {
    console.log(`goal: 2 threads ≤ 1.0× MuPDF → ${fmt(r2)}×; per core ≤ 2.0× → ${fmt(r1)}×`);
  }
  const a0Peer = await mupdf([A0]);
  const a0One = await ours(1, [A0]);
  const a0Two = await ours(2, [A0]);
  console.log(`\nA0 sheet alone (${a0One.blocks} blocks, ${fmt(a0One.pixels / 1e6, 1)} Mpx):`);
  if (a0Peer) row('MuPDF --png (1 proc)', a0Peer, a0Peer);
  row('pdfjs, 1 thread', a0One, a0Peer);
  row('pdfjs, 2 threads', a0Two, a0Peer);
  console.log(`goal: peak RSS ≤ 300 MB → ${fmt(Math.max(a0One.peakRssMb, a0Two.peakRssMb), 0)} MB`);
}

const args = process.argv.slice(2);
if (args[0] === '--child') await child(Number(args[1]), args.slice(2));
else await main();
