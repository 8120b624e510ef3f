import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createCanvas, loadImage, type ImageData } from '@napi-rs/canvas';
import { createWorker, OEM, type Worker } from 'tesseract.js';

/** One block of a strip image as an OCR service sees it: its bar's label, and its pixels' key. */
export interface StripBand {
  /** The separator label as Tesseract read it (`BLOCK: …`, possibly misread); '' if nothing. */
  label: string;
  /** A key of the block's own pixels (its non-white box), equal wherever the block is placed. */
  contentKey: string;
}

const DARK = 64;
const INK = 200;
/** A row is part of a separator bar when most of it is black (the label's white is a minority). */
const BAR_ROW_DARK_SHARE = 0.6;

const luminance = (d: Uint8ClampedArray, i: number): number =>
  (d[i] * 299 + d[i + 1] * 587 + d[i + 2] * 114) / 1000;

/**
 * Reads a strip PNG the way a document-OCR service does, with nothing but the image: finds the
 * black separator bars, OCRs each bar's label with tesseract.js (English data from npm), and
 * keys each block by its pixels. Used by the fake Datalab, which gets only the file.
 */
export class StripImageReader {
  private worker?: Promise<Worker>;
  /** Labels already read, by their bar's pixels: one label is OCR'd once per reader. */
  private readonly labels = new Map<string, string>();

  async read(png: Uint8Array): Promise<StripBand[]> {
    const image = await loadImage(Buffer.from(png));
    const canvas = createCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    const data = ctx.getImageData(0, 0, image.width, image.height);
    const bars = findBars(data);
    const bands: StripBand[] = [];
    for (const [i, bar] of bars.entries()) {
      const bottom = bars[i + 1]?.top ?? data.height;
      const label = await this.readLabel(data, bar);
      bands.push({ label, contentKey: contentKey(data, bar.top + bar.height, bottom) });
    }
    return bands;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await (await worker).terminate();
  }

  /** One Tesseract worker on the English data of `@tesseract.js-data/eng` (offline). */
  private tesseract(): Promise<Worker> {
    const pkg = dirname(
      createRequire(import.meta.url).resolve('@tesseract.js-data/eng/package.json'),
    );
    this.worker ??= createWorker('eng', OEM.LSTM_ONLY, {
      langPath: join(pkg, '4.0.0_best_int'),
      gzip: true,
      cacheMethod: 'none',
    });
    return this.worker;
  }

  /** The bar inverted (black text on white) and doubled, as Tesseract reads best. */
  private async readLabel(data: ImageData, bar: { top: number; height: number }): Promise<string> {
    const width = Math.min(data.width, 1400);
    const canvas = createCanvas(width * 2, bar.height * 2);
    const ctx = canvas.getContext('2d');
    const crop = createCanvas(width, bar.height);
    const cropCtx = crop.getContext('2d');
    const pixels = cropCtx.createImageData(width, bar.height);
    for (let y = 0; y < bar.height; y++) {
      for (let x = 0; x < width; x++) {
        const from = ((bar.top + y) * data.width + x) * 4;
        const to = (y * width + x) * 4;
        const v = 255 - luminance(data.data, from);
        pixels.data.set([v, v, v, 255], to);
      }
    }
    cropCtx.putImageData(pixels, 0, 0);
    const key = createHash('sha1').update(pixels.data).digest('hex');
    const known = this.labels.get(key);
    if (known !== undefined) return known;
    ctx.drawImage(crop, 0, 0, width * 2, bar.height * 2);
    const worker = await this.tesseract();
    const text = (await worker.recognize(canvas.toBuffer('image/png'))).data.text;
    const label =
      text
        .split('\n')
        .find((l) => l.trim() !== '')
        ?.trim() ?? '';
    this.labels.set(key, label);
    return label;
  }
}

function findBars(data: ImageData): Array<{ top: number; height: number }> {
  const bars: Array<{ top: number; height: number }> = [];
  for (let y = 0; y < data.height; y++) {
    if (!isBarRow(data, y)) continue;
    const last = bars.at(-1);
    if (last && last.top + last.height === y) last.height++;
    else bars.push({ top: y, height: 1 });
  }
  return bars.filter((b) => b.height >= 10);
}

function isBarRow(data: ImageData, y: number): boolean {
  let dark = 0;
  let seen = 0;
  for (let x = 0; x < data.width; x += 4) {
    seen++;
    if (luminance(data.data, (y * data.width + x) * 4) < DARK) dark++;
  }
  return dark / seen >= BAR_ROW_DARK_SHARE;
}

/** SHA-1 of the rows of the block's non-white box (placement on the strip does not change it). */
function contentKey(data: ImageData, from: number, to: number): string {
  let [left, right, top, bottom] = [data.width, -1, to, from - 1];
  for (let y = from; y < to; y++) {
    for (let x = 0; x < data.width; x++) {
      if (luminance(data.data, (y * data.width + x) * 4) >= INK) continue;
      [left, right] = [Math.min(left, x), Math.max(right, x)];
      [top, bottom] = [Math.min(top, y), Math.max(bottom, y)];
    }
  }
  const hash = createHash('sha1');
  for (let y = top; y <= bottom; y++) {
    hash.update(data.data.subarray((y * data.width + left) * 4, (y * data.width + right + 1) * 4));
  }
  return hash.digest('hex').slice(0, 10);
}
