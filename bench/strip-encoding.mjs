// Strip image encoding benchmark (issue 15): which encoding the strips sent to the engines should
// use. Real strips are built from every fixture block (PDFium raw crops at 300 DPI, ocr-core's strip
// layout) and each strip is encoded as PNG at zlib levels 1, 3 and 6 (our writer), lossless WebP
// and JPEG at two qualities (@napi-rs/canvas, Skia's encoders): encoding CPU time and bytes. Then
// the accuracy cost of the lossy ones: the English blocks with an expected text
// (../shared/fixtures/pdfs/expected) are OCRed by the local engine's Tesseract from the lossless
// crop and from its JPEG round trip; CER = Levenshtein / expected length. Prints figures; asserts
// nothing.
//
//   npm run bench -- strip-encoding          (builds first)
//   node bench/strip-encoding.mjs [--ocr-blocks 40] [--max-strips N] [--no-ocr]
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { createCanvas, ImageData } from '@napi-rs/canvas';
import { distance } from 'fastest-levenshtein';
import { renderStrip, resolveStripLayout, StripGrouper } from '@remote-ocr/ocr-core';
import { createRenderer, PngRowEncoder } from '@remote-ocr/render';
import { TesseractPool } from '@remote-ocr/engines';
import { lossyRoundTrip as roundTrip } from './lib/jpeg-round-trip.mjs';
import { flag, numberArg } from './lib/machine.mjs';

const FIXTURES = resolve(import.meta.dirname, '../../shared/fixtures/pdfs');
const OCR_BLOCKS = numberArg('ocr-blocks', 40);
/** Strips encoded (every fixture's by default); fewer for a quick look on a busy machine. */
const MAX_STRIPS = numberArg('max-strips', Infinity);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** Every fixture's blocks (with expected texts where there are some). */
function fixtures() {
  return readdirSync(join(FIXTURES, 'annotations'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const doc = JSON.parse(readFileSync(join(FIXTURES, 'annotations', f), 'utf8'));
      let expected = {};
      try {
        expected = JSON.parse(readFileSync(join(FIXTURES, 'expected', f), 'utf8'));
      } catch {
        // no expected texts for this fixture
      }
      const blocks = doc.pages.flatMap((p) =>
        p.blocks.map((b) => ({ ...b, page_index: p.page_number })),
      );
      return { pdf: join(FIXTURES, doc.pdf_path), blocks, expected };
    });
}

/** A strip codec that keeps the strip's RGBA rows (so each encoder gets the same pixels). */
function capturing(inner) {
  return {
    mimeType: inner.mimeType,
    cropRows: (crop, w, h) => inner.cropRows(crop, w, h),
    encoder: (width, height) => {
      const rgba = new Uint8Array(width * height * 4);
      let at = 0;
      return {
        addRows: (rows, n) => {
          rgba.set(rows.subarray(0, width * n * 4), at);
          at += width * n * 4;
        },
        finish: async () => Object.assign(rgba, { width, height }),
      };
    },
  };
}

async function skiaEncode(rgba, width, height, format, quality) {
  const canvas = createCanvas(width, height);
  const data = new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.length);
  canvas.getContext('2d').putImageData(new ImageData(data, width, height), 0, 0);
  return canvas.encode(format, quality);
}

async function pngEncode(rgba, width, height, level) {
  const encoder = new PngRowEncoder(width, height, level);
  encoder.addRows(rgba, height);
  return encoder.finish();
}

const ENCODINGS = {
  'png level 1': (p, w, h) => pngEncode(p, w, h, 1),
  'png level 3 (today)': (p, w, h) => pngEncode(p, w, h, 3),
  'png level 6': (p, w, h) => pngEncode(p, w, h, 6),
  'webp lossless': (p, w, h) => skiaEncode(p, w, h, 'webp', 100),
  'jpeg q95': (p, w, h) => skiaEncode(p, w, h, 'jpeg', 95),
  'jpeg q85': (p, w, h) => skiaEncode(p, w, h, 'jpeg', 85),
};

/** CPU milliseconds (all threads of this process) and wall time of `fn`. */
async function timed(fn) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return { value, cpuMs: (used.user + used.system) / 1000, ms: performance.now() - started };
}

/** Builds every fixture's strips; returns their RGBA pixels and the raw crops of text blocks. */
async function buildStrips(renderer, docs) {
  const layout = resolveStripLayout({});
  const codec = capturing(renderer.stripImages);
  const strips = [];
  const crops = [];
  for (const doc of docs) {
    const session = await renderer.open(doc.pdf);
    const options = { dpi: 300, paddingPx: 8, maxHeight: 8000, overlapPx: 40, raw: true };
    const grouper = new StripGrouper(layout);
    const items = [];
    for await (const crop of session.crop(doc.blocks, options)) {
      const text = doc.expected[crop.blockId];
      if (text && crop.parts.length === 1) crops.push({ part: crop.parts[0], text });
      for (const [i, part] of crop.parts.entries()) {
        const item = { ...part, blockId: crop.blockId, partIndex: i, partCount: crop.parts.length };
        items.push(
          ...grouper.push({ ...item, marker: `${strips.length}-${items.length}`, textLayer: '' }),
        );
      }
    }
    items.push(...grouper.flush());
    for (const group of items) strips.push((await renderStrip(group, layout, codec)).png);
    await session.close();
  }
  return { strips, crops };
}

async function encodingTable(strips) {
  const pixels = strips.reduce((n, s) => n + s.width * s.height, 0);
  console.log(
    `\n${strips.length} strips, ${(pixels / 1e6).toFixed(1)} Mpx; load ${load()}\n` +
      `  encoding              CPU s   wall s     MB   bytes/px`,
  );
  const sizes = {};
  for (const [name, encode] of Object.entries(ENCODINGS)) {
    let bytes = 0;
    const t = await timed(async () => {
      for (const s of strips) bytes += (await encode(s, s.width, s.height)).length;
    });
    sizes[name] = bytes;
    console.log(
      `  ${name.padEnd(20)} ${(t.cpuMs / 1000).toFixed(2).padStart(6)} ${(t.ms / 1000).toFixed(2).padStart(8)} ${(bytes / 2 ** 20).toFixed(1).padStart(6)} ${(bytes / pixels).toFixed(3).padStart(10)}`,
    );
  }
  return sizes;
}

/** Opaque RGBA of a raw crop part (grey or RGB samples). */
function rgbaOf(part) {
  const n = part.width * part.height;
  const out = new Uint8Array(n * 4);
  const c = part.channels ?? 1;
  for (let p = 0; p < n; p++) {
    out[p * 4] = part.pixels[p * c];
    out[p * 4 + 1] = part.pixels[p * c + (c === 3 ? 1 : 0)];
    out[p * 4 + 2] = part.pixels[p * c + (c === 3 ? 2 : 0)];
    out[p * 4 + 3] = 255;
  }
  return out;
}

const cer = (got, want) =>
  distance(got.replace(/\s+/g, ' ').trim(), want.replace(/\s+/g, ' ').trim()) /
  Math.max(1, want.length);
const english = (text) => /[a-z]/i.test(text) && !/[\u0400-\u04ff\u3040-\u9fff]/.test(text);

async function accuracy(crops) {
  const chosen = crops.filter((c) => english(c.text)).slice(0, OCR_BLOCKS);
  const pool = new TesseractPool({ languages: ['eng'] });
  const variants = { lossless: null, 'jpeg q95': ['jpeg', 95], 'jpeg q85': ['jpeg', 85] };
  const totals = Object.fromEntries(Object.keys(variants).map((k) => [k, { errors: 0, chars: 0 }]));
  try {
    for (const crop of chosen) {
      const png = await pngEncode(rgbaOf(crop.part), crop.part.width, crop.part.height, 3);
      for (const [name, lossy] of Object.entries(variants)) {
        const image = lossy ? await roundTrip(png, ...lossy) : png;
        const text = await pool.recognize(image);
        totals[name].errors += cer(text, crop.text) * crop.text.length;
        totals[name].chars += crop.text.length;
      }
    }
  } finally {
    await pool.close();
  }
  console.log(
    `\nlocal engine (Tesseract eng) on ${chosen.length} English fixture blocks; load ${load()}`,
  );
  for (const [name, t] of Object.entries(totals))
    console.log(
      `  ${name.padEnd(20)} CER ${((t.errors / Math.max(1, t.chars)) * 100).toFixed(2)} %`,
    );
}

async function main() {
  const renderer = createRenderer({ renderer: 'pdfium', threads: 1 });
  try {
    const { strips, crops } = await buildStrips(renderer, fixtures());
    await encodingTable(strips.slice(0, MAX_STRIPS));
    if (!flag('no-ocr')) await accuracy(crops);
  } finally {
    await renderer.close?.();
  }
}

await main();
