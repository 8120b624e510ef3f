// Vector crops of IMAGE blocks (crops/image_<id>.pdf, docs/contract.md §5) on the caller's thread:
// main's way (pdf-lib `embedPage` + object streams, kept below as the baseline), the same through
// today's `embedPage` fallback, and from the page's encoded content (`page-form.ts`), alternated
// in rounds in one process. Prints ms and CPU ms per crop and the bytes against the baseline;
// asserts nothing.
//
//   npx node bench/vector-crops.mjs [--rounds 3] [--set book|fixtures|all]
//
// book: the 200 IMAGE blocks of the e2e book job (bench/lib/blocks.mjs bookBlocks); fixtures:
// every annotated block of every fixture, taken as an IMAGE block (rotated A0 sheet, pages with
// several content streams, polygons).
await import('./source-hooks.mjs');
const { vectorCrop } = await import('../libs/render/src/pdf/vector-crop.ts');
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PDFDocument, degrees } from 'pdf-lib';
import { BOOK, bookBlocks, fixturePdf } from './lib/blocks.mjs';
import { machineFacts } from './lib/machine.mjs';
import { FIXTURES } from './lib/stack.mjs';

const { values: args } = parseArgs({
  options: { rounds: { type: 'string', default: '3' }, set: { type: 'string', default: 'all' } },
});

const { pdfLibPageBox, VECTOR_CROP_PADDING_PT } =
  await import('../libs/render/src/pdf/vector-crop.ts');
const { normToPoints, padPoints, pointsToUserBox } = await import('@remote-ocr/ocr-core/geometry');

/** main's vectorCrop before page-form.ts (rectangles only: the sets' polygons cost the same either way). */
async function mainVectorCrop(source, block) {
  const srcPage = source.getPage(block.page_index);
  const box = pdfLibPageBox(srcPage);
  const region = padPoints(box, normToPoints(box, block.coords_norm), VECTOR_CROP_PADDING_PT);
  const [left, bottom, right, top] = pointsToUserBox(box, region);
  const out = await PDFDocument.create({ updateMetadata: false });
  const embedded = await out.embedPage(srcPage, { left, bottom, right, top });
  const page = out.addPage([right - left, top - bottom]);
  page.setRotation(degrees(box.rotate));
  page.drawPage(embedded, { x: 0, y: 0 });
  return out.save({ useObjectStreams: true });
}

const WAYS = {
  'main (embedPage, object streams)': mainVectorCrop,
  'embedPage fallback': (source, block) => vectorCrop(source, block, undefined, 'embedPage'),
  'encoded content': (source, block) => vectorCrop(source, block),
};

async function load(pdf) {
  return PDFDocument.load(readFileSync(pdf), { updateMetadata: false, ignoreEncryption: true });
}

async function bookSet() {
  const { blocks } = bookBlocks();
  return [
    {
      source: await load(fixturePdf(BOOK)),
      blocks: blocks.filter((b) => b.block_type === 'image'),
    },
  ];
}

async function fixtureSet() {
  const dir = join(FIXTURES, 'annotations');
  const docs = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return Promise.all(
    docs.map(async (file) => {
      const doc = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      const blocks = doc.pages.flatMap((p) => p.blocks).map((b) => ({ ...b, block_type: 'image' }));
      return { source: await load(join(FIXTURES, doc.pdf_path)), blocks };
    }),
  );
}

/** One pass of `way` over a set: wall and CPU ms, bytes, crops. */
async function pass(way, set) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let bytes = 0;
  let crops = 0;
  for (const { source, blocks } of set) {
    for (const block of blocks) {
      bytes += (await way(source, block)).length;
      crops += 1;
    }
  }
  const cpu = process.cpuUsage(cpu0);
  return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, bytes, crops };
}

console.log(machineFacts());
const sets = { book: bookSet, fixtures: fixtureSet };
for (const name of args.set === 'all' ? Object.keys(sets) : [args.set]) {
  const set = await sets[name]();
  const totals = Object.fromEntries(
    Object.keys(WAYS).map((w) => [w, { ms: 0, cpuMs: 0, bytes: 0, crops: 0 }]),
  );
  await pass(WAYS['encoded content'], set); // warm-up: parses pages, JIT
  for (let round = 0; round < Number(args.rounds); round++) {
    const order = Object.keys(WAYS);
    if (round % 2 === 1) order.reverse();
    for (const w of order) {
      const r = await pass(WAYS[w], set);
      for (const k of Object.keys(r)) totals[w][k] += r[k];
    }
  }
  const base = totals['main (embedPage, object streams)'];
  console.log(
    `\n${name}: ${base.crops / Number(args.rounds)} crops, ${args.rounds} rounds alternated`,
  );
  for (const [w, t] of Object.entries(totals)) {
    console.log(
      `  ${w.padEnd(34)} ${(t.ms / t.crops).toFixed(2)} ms/crop, ${(t.cpuMs / t.crops).toFixed(2)} CPU ms/crop` +
        ` (${(t.cpuMs / base.cpuMs).toFixed(2)}x), ${(t.bytes / t.crops / 1024).toFixed(1)} KB/crop` +
        ` (bytes ${(t.bytes / base.bytes).toFixed(3)}x)`,
    );
  }
}
