import { renderStrip, resolveStripLayout, stripMarkers } from '@remote-ocr/ocr-core';
import { createCanvas } from '@napi-rs/canvas';
import { PngStripCodec } from '@remote-ocr/render';
import { StripImageReader } from './strip-image-reader.js';

function cropPng(text: string, width: number): { png: Uint8Array; width: number; height: number } {
  const canvas = createCanvas(width, 120);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, 120);
  ctx.fillStyle = '#000000';
  ctx.font = '40px sans-serif';
  ctx.fillText(text, 10, 70);
  return { png: new Uint8Array(canvas.toBuffer('image/png')), width, height: 120 };
}

describe('StripImageReader', () => {
  const reader = new StripImageReader();
  const codec = new PngStripCodec();
  afterAll(() => reader.close());

  it('reads the labels of a strip off its image and keys each block by its pixels', async () => {
    const ids = ['block-a', 'block-b', 'block-c'];
    const markers = stripMarkers(ids);
    const items = ids.map((blockId, i) => ({
      blockId,
      marker: markers[i],
      partIndex: 0,
      partCount: 1,
      textLayer: '',
      ...cropPng(`crop ${i}`, 600 + 100 * i),
    }));
    const layout = resolveStripLayout({});
    const strip = await renderStrip(items, layout, codec);
    const bands = await reader.read(strip.png);
    expect(bands).toHaveLength(3);
    bands.forEach((band, i) =>
      expect(band.label.replace(/\s/g, '')).toContain(markers[i].slice(5)),
    );
    // The same block on another strip (other neighbours, other width) has the same key.
    const alone = await reader.read((await renderStrip([items[1]], layout, codec)).png);
    expect(alone[0].contentKey).toBe(bands[1].contentKey);
    expect(new Set(bands.map((b) => b.contentKey)).size).toBe(3);
  }, 60_000);
});
