// Test helpers: the shared fixture corpus (../shared/fixtures relative to the repo root, never
// copied) and PNG pixel access for pixel statistics.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCanvas, Image } from '@napi-rs/canvas';
import type { Block, OcrDocument, PdfRenderer } from '@remote-ocr/ocr-core';
import { DEFAULT_CROP_OPTIONS } from '../pdfjs-renderer.js';

const REPO_ROOT = resolve(import.meta.dirname, '../../../../..');
export const FIXTURE_PDFS = resolve(REPO_ROOT, '../shared/fixtures/pdfs');

export interface AnnotatedFixture {
  name: string;
  pdfPath: string;
  document: OcrDocument;
  blocks: Block[];
  /** MuPDF's text inside rectangle blocks that have a text layer. */
  expected: Record<string, string>;
}

/** Every annotated fixture, in file order. */
export function annotatedFixtures(): AnnotatedFixture[] {
  return readdirSync(join(FIXTURE_PDFS, 'annotations'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const name = file.replace(/\.json$/, '');
      const document = readJson<OcrDocument>(join(FIXTURE_PDFS, 'annotations', file));
      return {
        name,
        pdfPath: join(FIXTURE_PDFS, document.pdf_path),
        document,
        blocks: document.pages.flatMap((page) => page.blocks),
        expected: readJson<Record<string, string>>(join(FIXTURE_PDFS, 'expected', file)),
      };
    });
}

/** One fixture by its number prefix ("02"). */
export function fixture(prefix: string): AnnotatedFixture {
  const found = annotatedFixtures().find((f) => f.name.startsWith(prefix));
  if (!found) throw new Error(`no fixture ${prefix}`);
  return found;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Width and height from a PNG's IHDR, without decoding it. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!signature.every((b, i) => png[i] === b)) throw new Error('not a PNG');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** An IMAGE block covering the whole of page 1. */
export const WHOLE_PAGE: Block = {
  id: 'whole',
  page_index: 0,
  coords_px: [0, 0, 1, 1],
  coords_norm: [0, 0, 1, 1],
  block_type: 'image',
  shape_type: 'rectangle',
};

/** Page 1 of a PDF (bytes) rendered whole at `dpi` by `renderer`, decoded to RGBA. */
export async function renderWholePage(renderer: PdfRenderer, pdf: Uint8Array, dpi: number) {
  const dir = await mkdtemp(join(tmpdir(), 'whole-page-'));
  try {
    const path = join(dir, 'page.pdf');
    await writeFile(path, pdf);
    const session = await renderer.open(path);
    try {
      const options = { ...DEFAULT_CROP_OPTIONS, dpi, paddingPx: 0 };
      const [crop] = await Array.fromAsync(session.crop([WHOLE_PAGE], options));
      return decodePng(crop.parts[0].png);
    } finally {
      await session.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Decoded RGBA pixels of a PNG. */
export function decodePng(png: Uint8Array): {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
} {
  const image = new Image();
  image.src = Buffer.from(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const data = ctx.getImageData(0, 0, image.width, image.height).data;
  return { width: image.width, height: image.height, rgba: data };
}

/** Share of pixels darker than `threshold` (0–255 luminance) in a rectangle of the image. */
export function inkShare(
  img: { width: number; rgba: Uint8ClampedArray },
  rect = { x: 0, y: 0, width: img.width, height: img.rgba.length / 4 / img.width },
  threshold = 200,
): number {
  let dark = 0;
  for (let y = rect.y; y < rect.y + rect.height; y++) {
    for (let x = rect.x; x < rect.x + rect.width; x++) {
      const i = (y * img.width + x) * 4;
      const lum = 0.299 * img.rgba[i] + 0.587 * img.rgba[i + 1] + 0.114 * img.rgba[i + 2];
      if (lum < threshold) dark++;
    }
  }
  return dark / (rect.width * rect.height);
}
