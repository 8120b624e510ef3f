import type { Block } from '../../model/block.js';
import type {
  BlockCrop,
  CropOptions,
  CropPart,
  PdfRenderer,
  PdfSession,
} from '../../ports/pdf-renderer.port.js';
import type { StripImageCodec } from '../../ports/strip-image.port.js';
import { canvasCodec } from '../../strips/__fixtures__/canvas-codec.js';
import { solidPng } from '../../strips/__fixtures__/png.js';

/**
 * A renderer that makes grey PNGs of each block's 300-DPI size (plus padding), split into
 * overlapping windows like the real one, lazily — so tests can see how far cropping runs ahead.
 * The text layer is the block's `pdfplumber_text`.
 */
export class FakeRenderer implements PdfRenderer {
  cropsMade = 0;
  readonly croppedIds: string[] = [];
  /** Blocks whose text layer was read apart from a crop (`textLayers`). */
  readonly textLayerReads: string[] = [];
  readonly optionsSeen: CropOptions[] = [];
  /** Raw grey pixels (sample `RAW_GREY`) instead of PNGs when the stage asks for them. */
  rawPixels = false;
  closed = 0;
  stripImages: StripImageCodec = canvasCodec;

  open(): Promise<PdfSession> {
    return Promise.resolve(new FakeSession(this));
  }
}

class FakeSession implements PdfSession {
  readonly pageCount = 10;

  constructor(private readonly renderer: FakeRenderer) {}

  async *crop(
    blocks: readonly Block[],
    options: CropOptions,
    signal?: AbortSignal,
  ): AsyncIterable<BlockCrop> {
    this.renderer.optionsSeen.push(options);
    for (const block of blocks) {
      signal?.throwIfAborted();
      const parts = await fakeParts(block, options, this.renderer.rawPixels);
      this.renderer.cropsMade += 1;
      this.renderer.croppedIds.push(block.id);
      yield { blockId: block.id, parts, textLayer: block.pdfplumber_text ?? '' };
    }
  }

  textLayers(blocks: readonly Block[]): Promise<Map<string, string>> {
    this.renderer.textLayerReads.push(...blocks.map((b) => b.id));
    return Promise.resolve(new Map(blocks.map((b) => [b.id, b.pdfplumber_text ?? ''])));
  }

  vectorCrop(block: Block): Promise<Uint8Array> {
    return Promise.resolve(new TextEncoder().encode(`%PDF-1.7 crop of ${block.id}`));
  }

  close(): Promise<void> {
    this.renderer.closed += 1;
    return Promise.resolve();
  }
}

/** The grey sample of the fake renderer's raw crops. */
export const RAW_GREY = 100;

async function fakeParts(block: Block, options: CropOptions, raw: boolean): Promise<CropPart[]> {
  const scale = options.dpi / 300;
  const [x1, y1, x2, y2] = block.coords_px;
  const width = Math.round((x2 - x1) * scale) + 2 * options.paddingPx;
  const height = Math.round((y2 - y1) * scale) + 2 * options.paddingPx;
  const windows: Array<[number, number]> = [];
  for (let top = 0; ; top += options.maxHeight - options.overlapPx) {
    windows.push([top, Math.min(height, top + options.maxHeight)]);
    if (top + options.maxHeight >= height) break;
  }
  return Promise.all(
    windows.map(async ([top, bottom]) =>
      raw && options.raw
        ? {
            png: new Uint8Array(0),
            pixels: new Uint8Array(width * (bottom - top)).fill(RAW_GREY),
            channels: 1 as const,
            width,
            height: bottom - top,
          }
        : { png: await solidPng(width, bottom - top), width, height: bottom - top },
    ),
  );
}
