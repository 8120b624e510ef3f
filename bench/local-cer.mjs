// The `local` engine's character error rate per renderer (issue 15): the fixture blocks that have
// an expected text (MuPDF's, ../shared/fixtures/pdfs/expected) are run through the real pipeline
// with the local engine, once with RENDERER=pdfium and once with RENDERER=pdfjs, in one run, and
// (unless --no-jpeg) with every crop the engine reads passed through a JPEG q95 round trip (what
// STRIP_IMAGE_FORMAT=jpeg would leave of the pixels). CER = Levenshtein / expected length on
// bench/lib/cer-text.mjs's text, as in bench/auto.mjs; a block without a result counts as ''.
// Two modes:
// - `deployed`: the engine as configured: blocks with a real text layer are read from it (pdf.js's
//   text layer for both renderers by default), the rest by Tesseract;
// - `ocr`: every block OCRed from its crop (text-layer rule that accepts nothing), which isolates
//   what the renderer's pixels do to Tesseract. Only `eng` language data is installed, so this mode
//   skips the Russian fixtures unless `--all-langs`.
// Prints figures; asserts nothing. CER is not a timing figure: run it niced on a shared machine.
//
//   npm run bench -- local-cer      or, after a build:
//   nice -n 10 npx node bench/local-cer.mjs [--modes deployed,ocr] [--only 10,11] [--max-blocks N]
//     [--no-jpeg] [--all-langs] [--workers 2] [--save-crops DIR]
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { distance } from 'fastest-levenshtein';
import { LocalEngine } from '@remote-ocr/engines';
import { runPipeline } from '@remote-ocr/ocr-core';
import { createRenderer } from '@remote-ocr/render';
import {
  documentBlocks,
  fixturePdfPath,
  fixturesDir,
  loadFixtureAnnotation,
  loadFixtureExpectedTexts,
} from '@remote-ocr/testing';
import { cerText } from './lib/cer-text.mjs';
import { lossyRoundTrip } from './lib/jpeg-round-trip.mjs';
import { flag, loadAverage, machineFacts, numberArg, stringArg } from './lib/machine.mjs';

const RENDERERS = ['pdfium', 'pdfjs'];
const ENCODINGS = flag('no-jpeg') ? ['png'] : ['png', 'jpeg q95'];
const MODES = stringArg('modes', 'deployed,ocr').split(',');
const ONLY = stringArg('only', '').split(',').filter(Boolean);
/** Blocks with an expected text taken per fixture (all by default). */
const MAX_BLOCKS = numberArg('max-blocks', Infinity);
const WORKERS = numberArg('workers', 2);
const SAVE_CROPS = stringArg('save-crops', '');
/** A block whose CER with PDFium exceeds pdf.js's by more than this is listed. */
const WORSE_BY = 0.01;
/**
 * Fixtures printed but left out of the totals: the ARCH D plan's expected text is its text layer,
 * a 14-character watermark, while its visible labels are vector outlines (PROVENANCE.md), so any
 * OCR of the drawing counts as errors against 14 characters and would swamp every total.
 */
const NO_TRUTH = ['01_'];

/**
 * Fixtures with Russian text (PROVENANCE.md: 06–09; 09's text layer is mostly a bad hidden OCR, so
 * its letters do not show it): Tesseract with the installed `eng` data cannot read them.
 */
const RUSSIAN = ['06_', '07_', '08_', '09_'];

function fixtures() {
  return readdirSync(join(fixturesDir(), 'pdfs', 'expected'))
    .map((f) => f.replace(/\.json$/, ''))
    .filter((name) => !ONLY.length || ONLY.some((prefix) => name.startsWith(prefix)))
    .sort()
    .map((name) => {
      const expected = loadFixtureExpectedTexts(name);
      const blocks = documentBlocks(loadFixtureAnnotation(name))
        .filter((b) => b.id in expected)
        .slice(0, MAX_BLOCKS);
      return { name, expected, blocks, russian: RUSSIAN.some((p) => name.startsWith(p)) };
    })
    .filter((f) => f.blocks.length > 0);
}

/**
 * The local engine behind a wrapper that hands it each block crop (and a lone image) as `encoding`
 * leaves it, and shows the crops to `onCrop` (for --save-crops).
 */
function readingEngine(local, encoding, onCrop) {
  const pixels = async (png) =>
    encoding === 'png' || png.length === 0 ? png : lossyRoundTrip(png, 'jpeg', 95);
  return {
    name: local.name,
    maxStripHeight: local.maxStripHeight,
    needsBlockCrops: true,
    recognize: async (request) => {
      const blocks = [];
      for (const b of request.blocks) {
        onCrop(b.id, b.crop);
        blocks.push({ ...b, crop: await pixels(b.crop) });
      }
      const image = blocks.length === 0 ? await pixels(request.image) : request.image;
      return local.recognize({ ...request, image, blocks });
    },
  };
}

/** Runs one job in this process; returns each block's final text ('' when it failed). */
async function runJob(engine, renderer, fixture) {
  const results = new Map();
  await runPipeline({
    engine,
    renderer,
    source: {
      fetchPdf: async () => fixturePdfPath(fixture.name),
      fetchBlocks: async () => fixture.blocks,
    },
    sink: { put: async () => undefined },
    checkpoints: {
      list: async () => [],
      save: async (c) => void (c.part === 0 && results.set(c.blockId, c)),
    },
    documentName: `${fixture.name}.pdf`,
    settings: { concurrency: 2 },
  });
  return new Map(
    fixture.blocks.map((b) => {
      const r = results.get(b.id);
      return [b.id, r?.status === 'done' ? r.text : ''];
    }),
  );
}

/** Edit distance and expected length of each block (cerText on both sides). */
function scores(fixture, texts) {
  return new Map(
    fixture.blocks.map((b) => {
      const want = cerText(fixture.expected[b.id]);
      return [b.id, { dist: distance(cerText(texts.get(b.id) ?? ''), want), len: want.length }];
    }),
  );
}

function cropSaver(label, fixture) {
  if (!SAVE_CROPS) return () => undefined;
  mkdirSync(SAVE_CROPS, { recursive: true });
  const seen = new Map();
  return (id, png) => {
    const n = seen.get(id) ?? 0;
    seen.set(id, n + 1);
    const file = `${fixture.name.slice(0, 2)}_${id.slice(0, 8)}_${n}_${label}.png`;
    writeFileSync(join(SAVE_CROPS, file), png);
  };
}

/** Every variant (renderer × encoding) of one mode over the fixtures: scores by variant and fixture. */
async function runMode(mode, list) {
  const local = new LocalEngine({
    workers: WORKERS,
    // `ocr` mode: a rule no text layer passes, so every block is OCRed from its crop
    ...(mode === 'ocr' ? { textLayerRule: { minAlnum: Number.POSITIVE_INFINITY } } : {}),
  });
  const byVariant = {};
  try {
    for (const rendererName of RENDERERS) {
      const renderer = createRenderer({ renderer: rendererName, threads: 1 });
      try {
        for (const encoding of ENCODINGS) {
          const label = `${rendererName} ${encoding.split(' ')[0]}`;
          const started = performance.now();
          byVariant[label] = {};
          for (const fixture of list) {
            const save = cropSaver(`${mode}-${label.replace(' ', '-')}`, fixture);
            const texts = await runJob(readingEngine(local, encoding, save), renderer, fixture);
            byVariant[label][fixture.name] = scores(fixture, texts);
          }
          const s = ((performance.now() - started) / 1000).toFixed(1);
          console.log(`  ${mode} / ${label}: ${s} s wall, load ${loadAverage()}`);
        }
      } finally {
        await renderer.close?.();
      }
    }
  } finally {
    await local.close();
  }
  return byVariant;
}

const sum = (blockScores) => {
  let dist = 0;
  let len = 0;
  for (const s of blockScores.values()) {
    dist += s.dist;
    len += s.len;
  }
  return { dist, len, cer: dist / Math.max(1, len) };
};
const pct = (cer) => `${(cer * 100).toFixed(2)} %`;
const row = (cells) => console.log(cells.map((c) => String(c).padEnd(14)).join(''));

function printMode(mode, list, byVariant) {
  const labels = Object.keys(byVariant);
  console.log(`\nmode ${mode}: CER per fixture (Levenshtein / expected characters)`);
  row(['fixture', 'blocks', 'chars', ...labels]);
  for (const fixture of list) {
    const cells = labels.map((l) => sum(byVariant[l][fixture.name]));
    row([
      fixture.name.slice(0, 13),
      fixture.blocks.length,
      cells[0].len,
      ...cells.map((c) => pct(c.cer)),
    ]);
  }
  const counted = list.filter((f) => !NO_TRUTH.some((prefix) => f.name.startsWith(prefix)));
  const totals = labels.map((l) => {
    const all = counted.map((f) => sum(byVariant[l][f.name]));
    const dist = all.reduce((a, t) => a + t.dist, 0);
    const len = all.reduce((a, t) => a + t.len, 0);
    return { dist, len, cer: dist / Math.max(1, len) };
  });
  const blocks = counted.reduce((a, f) => a + f.blocks.length, 0);
  if (counted.length < list.length)
    console.log(`(TOTAL leaves out ${NO_TRUTH.join(', ')}: see NO_TRUTH)`);
  row(['TOTAL', blocks, totals[0].len, ...totals.map((t) => pct(t.cer))]);
  listWorse(mode, list, byVariant);
}

/** Blocks PDFium's pixels read worse than pdf.js's (same encoding), for a look at their crops. */
function listWorse(mode, list, byVariant) {
  for (const encoding of ENCODINGS.map((e) => e.split(' ')[0])) {
    const [a, b] = [byVariant[`pdfium ${encoding}`], byVariant[`pdfjs ${encoding}`]];
    for (const fixture of list.filter((f) => !NO_TRUTH.some((p) => f.name.startsWith(p)))) {
      for (const [id, s] of a[fixture.name]) {
        const t = b[fixture.name].get(id);
        const [ca, cb] = [s.dist / Math.max(1, s.len), t.dist / Math.max(1, t.len)];
        if (ca > cb + WORSE_BY)
          console.log(
            `  worse with pdfium (${mode}, ${encoding}): ${fixture.name} block ${id} ` +
              `(${s.len} chars): pdfium ${pct(ca)} vs pdfjs ${pct(cb)}`,
          );
      }
    }
  }
}

console.log(machineFacts());
const all = fixtures();
for (const mode of MODES) {
  const list = mode === 'ocr' && !flag('all-langs') ? all.filter((f) => !f.russian) : all;
  console.log(
    `\nmode ${mode}: ${list.length} fixtures, ${list.reduce((a, f) => a + f.blocks.length, 0)} blocks` +
      (list.length < all.length ? ' (Russian fixtures skipped: only eng language data)' : ''),
  );
  printMode(mode, list, await runMode(mode, list));
}
process.exit(0);
