// Strips through the renderers' codec: raw crops (grey and colour, PDFium's) and PNG crops
// (pdf.js's) land on the strip pixel for pixel, and wide ones are scaled down.
import { jest } from '@jest/globals';
import { renderStrip, resolveStripLayout, type StripItem } from '@remote-ocr/ocr-core';
import { decodePng } from '../pdf/__fixtures__/fixtures.js';
import { PackedPixelWriter } from '../pixels/packed-pixels.js';
import { PngRowEncoder } from './png-encoder.js';
import { PngStripCodec } from './png-strip-codec.js';

const layout = resolveStripLayout({ maxHeight: 2000, maxWidth: 600 });
const codec = new PngStripCodec();

/** RGBA of a `width` × `height` image: left half `left`, right half `right`. */
function halves(width: number, height: number, left: number[], right: number[]): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++)
      rgba.set([...(x < width / 2 ? left : right), 255], (y * width + x) * 4);
  }
  return rgba;
}

function rawItem(id: string, width: number, height: number, rgba: Uint8Array): StripItem {
  const writer = new PackedPixelWriter(width, height);
  writer.addRows(rgba, height);
  const packed = writer.finish();
  const base = { blockId: id, marker: 'AAAA-BBBB-CCC', partIndex: 0, partCount: 1, textLayer: '' };
  return { ...base, png: new Uint8Array(0), width, height, ...packed };
}

async function pngItem(
  id: string,
  width: number,
  height: number,
  rgba: Uint8Array,
): Promise<StripItem> {
  const encoder = new PngRowEncoder(width, height);
  encoder.addRows(rgba, height);
  const base = { blockId: id, marker: 'DDDD-EEEE-FFF', partIndex: 0, partCount: 1, textLayer: '' };
  return { ...base, png: await encoder.finish(), width, height };
}

const at = (img: ReturnType<typeof decodePng>, x: number, y: number) => {
  const i = (y * img.width + x) * 4;
  return [img.rgba[i], img.rgba[i + 1], img.rgba[i + 2]];
};

describe('PngStripCodec', () => {
  it('packs grey crops one byte per pixel and colour ones three', () => {
    expect(rawItem('g', 10, 4, halves(10, 4, [0, 0, 0], [200, 200, 200])).channels).toBe(1);
    const colour = rawItem('c', 10, 4, halves(10, 4, [255, 0, 0], [0, 0, 255]));
    expect([colour.channels, colour.pixels?.length]).toEqual([3, 120]);
  });

  it('puts raw and PNG crops on the strip pixel for pixel', async () => {
    const grey = rawItem('g', 200, 40, halves(200, 40, [0, 0, 0], [200, 200, 200]));
    const colour = rawItem('c', 200, 40, halves(200, 40, [255, 0, 0], [0, 0, 255]));
    const png = await pngItem('p', 200, 40, halves(200, 40, [0, 128, 0], [255, 255, 255]));
    const strip = await renderStrip([grey, colour, png], layout, codec);
    expect(strip.mimeType).toBe('image/png');
    const img = decodePng(strip.png);
    const top = (k: number) => k * (48 + 20 + 40 + 20) + 48 + 20 + 20;
    const left = Math.floor((img.width - 200) / 2);
    expect([at(img, left + 10, top(0)), at(img, left + 190, top(0))]).toEqual([
      [0, 0, 0],
      [200, 200, 200],
    ]);
    expect([at(img, left + 10, top(1)), at(img, left + 190, top(1))]).toEqual([
      [255, 0, 0],
      [0, 0, 255],
    ]);
    expect([at(img, left + 10, top(2)), at(img, left + 190, top(2))]).toEqual([
      [0, 128, 0],
      [255, 255, 255],
    ]);
  });

  it('scales raw crops wider than the strip down, averaging', async () => {
    const wide = rawItem('w', 1200, 100, halves(1200, 100, [0, 0, 0], [255, 255, 255]));
    const strip = await renderStrip([wide], layout, codec);
    const img = decodePng(strip.png);
    expect(img.width).toBe(600);
    const y = 48 + 20 + 25;
    expect([at(img, 100, y), at(img, 500, y)]).toEqual([
      [0, 0, 0],
      [255, 255, 255],
    ]);
  });

  it('writes grey strips through the grey path, byte for byte the RGBA path', async () => {
    // Rich black, anti-aliased grey and white, and sizes that leave rows unaligned (width 523).
    const text = (w: number, h: number) => halves(w, h, [35, 31, 32], [180, 180, 180]);
    const items = [rawItem('a', 523, 57, text(523, 57)), rawItem('b', 450, 1100, text(450, 1100))];
    const rgbaOnly = {
      ...codec,
      mimeType: codec.mimeType,
      cropRows: codec.cropRows.bind(codec),
      encoder: (w: number, h: number) => {
        const inner = new PngRowEncoder(w, h);
        return { addRows: inner.addRows.bind(inner), finish: inner.finish.bind(inner) };
      },
    };
    const usedGrey = jest.spyOn(PngRowEncoder.prototype, 'addGreyRows');
    const grey = await renderStrip(items, layout, codec);
    expect(usedGrey).toHaveBeenCalled();
    usedGrey.mockClear();
    const rgba = await renderStrip(items, layout, rgbaOnly);
    expect(usedGrey).not.toHaveBeenCalled();
    usedGrey.mockRestore();
    expect(grey.png.length).toBeGreaterThan(0);
    expect(Buffer.from(grey.png).equals(Buffer.from(rgba.png))).toBe(true);
  });
});
