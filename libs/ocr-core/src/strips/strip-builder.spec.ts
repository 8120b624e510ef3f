import { canvasCodec } from './__fixtures__/canvas-codec.js';
import { decodePng, solidPng } from './__fixtures__/png.js';
import { renderStrip } from './strip-builder.js';
import { resolveStripLayout } from './strip-layout.js';
import type { StripItem } from './strip.types.js';

const layout = resolveStripLayout({ maxHeight: 2000, maxWidth: 600 });
const GREY: [number, number, number] = [128, 128, 128];
const WHITE: [number, number, number] = [255, 255, 255];
const BLACK: [number, number, number] = [0, 0, 0];

async function item(
  blockId: string,
  marker: string,
  width: number,
  height: number,
): Promise<StripItem> {
  const png = await solidPng(width, height);
  return { blockId, marker, partIndex: 0, partCount: 1, png, width, height, textLayer: '' };
}

type Decoded = Awaited<ReturnType<typeof decodePng>>;

/** Counts pixels of the separator bar starting at row `top` that are not black (the text). */
function litPixelsInBar(img: Decoded, top: number): number {
  let lit = 0;
  for (let y = top; y < top + layout.separatorHeight; y++) {
    for (let x = 0; x < img.width; x++) if (img.at(x, y)[0] > 128) lit++;
  }
  return lit;
}

describe('renderStrip', () => {
  it('draws bar, gaps and centred crops, sized per the layout', async () => {
    const strip = await renderStrip(
      [await item('a', 'AAAA-BBBB-CCC', 500, 100), await item('b', 'DDDD-EEEE-FFF', 200, 50)],
      layout,
      canvasCodec,
    );
    const img = await decodePng(strip.png);
    const barB = 48 + 20 + 100 + 20;
    expect([img.width, img.height]).toEqual([500, barB + 48 + 20 + 50 + 20]);
    expect([strip.width, strip.height]).toEqual([img.width, img.height]);
    const cases: Array<[string, number, number, [number, number, number]]> = [
      ['bar A, right end', 499, 24, BLACK],
      ['gap under bar A', 250, 58, WHITE],
      ['crop A', 250, 48 + 20 + 50, GREY],
      ['gap under crop A', 250, 48 + 20 + 100 + 5, WHITE],
      ['bar B, right end', 499, barB + 2, BLACK],
      ['crop B centre', 250, barB + 48 + 20 + 25, GREY],
      ['left of centred crop B', 100, barB + 48 + 20 + 25, WHITE],
      ['right of centred crop B', 400, barB + 48 + 20 + 25, WHITE],
    ];
    for (const [name, x, y, rgb] of cases) expect([name, img.at(x, y)]).toEqual([name, rgb]);
    expect(litPixelsInBar(img, 0)).toBeGreaterThan(200);
    expect(litPixelsInBar(img, barB)).toBeGreaterThan(200);
    expect(strip.blocks.map((b) => [b.blockId, b.index])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('prints the marker: different markers give different bars', async () => {
    const one = await decodePng(
      (await renderStrip([await item('a', 'AAAA-AAAA-AAA', 500, 10)], layout, canvasCodec)).png,
    );
    const two = await decodePng(
      (await renderStrip([await item('a', '1111-1111-111', 500, 10)], layout, canvasCodec)).png,
    );
    expect(litPixelsInBar(one, 0)).not.toBe(litPixelsInBar(two, 0));
  });

  it('makes a one-block strip wide enough for its marker', async () => {
    const strip = await renderStrip(
      [await item('solo', 'ABCD-EFGH-123', 40, 30)],
      layout,
      canvasCodec,
    );
    const img = await decodePng(strip.png);
    expect(img.height).toBe(48 + 20 + 30 + 20);
    expect(img.width).toBeGreaterThan(300);
    expect(img.at(img.width - 1, 24)).toEqual(BLACK);
    expect(strip.blocks).toHaveLength(1);
  });

  it('stitches bands: a bar and a crop crossing band edges draw whole', async () => {
    const tall = resolveStripLayout({ maxHeight: 9000, maxWidth: 600 });
    const items = [
      await item('a', 'AAAA-BBBB-CCC', 300, 912),
      await item('b', 'DDDD-EEEE-FFF', 300, 1500),
    ];
    const img = await decodePng((await renderStrip(items, tall, canvasCodec)).png);
    expect(img.height).toBe(1000 + 48 + 20 + 1500 + 20);
    const rows: Array<[number, [number, number, number]]> = [
      [1010, BLACK],
      [1040, BLACK],
      [1023 + 48, GREY],
      [2047, GREY],
      [2048, GREY],
      [2567, GREY],
      [2570, WHITE],
    ];
    for (const [y, rgb] of rows)
      expect([y, img.at(img.width - 1 - (y < 1048 ? 0 : 100), y)]).toEqual([y, rgb]);
    expect(litPixelsInBar(img, 1000)).toBeGreaterThan(200);
  });

  it('tells when each item is drawn on the RGBA path too, once its last band is encoded', async () => {
    const tall = resolveStripLayout({ maxHeight: 9000, maxWidth: 600 });
    const items = [
      await item('a', 'AAAA-BBBB-CCC', 300, 912),
      await item('b', 'DDDD-EEEE-FFF', 300, 1500),
    ];
    const log: string[] = [];
    const codec = {
      ...canvasCodec,
      encoder: (width: number, height: number) => {
        const inner = canvasCodec.encoder(width, height);
        return {
          addRows: (rgba: Uint8Array | Uint8ClampedArray, rows: number) => {
            log.push(`rows ${rows}`);
            inner.addRows(rgba, rows);
          },
          finish: () => inner.finish(),
        };
      },
    };
    await renderStrip(items, tall, codec, (drawnItem) => log.push(`drawn ${drawnItem.blockId}`));
    // a ends at row 48 + 20 + 912 = 980 (first band), b at 1000 + 48 + 20 + 1500 = 2568 (third).
    expect(log).toEqual(['rows 1024', 'drawn a', 'rows 1024', 'rows 540', 'drawn b']);
  });

  it('scales crops wider than the limit down to it', async () => {
    const strip = await renderStrip(
      [await item('w', 'WWWW-WWWW-WWW', 1200, 400)],
      layout,
      canvasCodec,
    );
    const img = await decodePng(strip.png);
    expect([img.width, img.height]).toEqual([600, 48 + 20 + 200 + 20]);
    expect(img.at(599, 48 + 20 + 100)).toEqual(GREY);
  });

  it('waits for the encoder to drain between grey bands and tells when each item is drawn', async () => {
    const tall = resolveStripLayout({ maxHeight: 9000, maxWidth: 600 });
    const grey = (blockId: string, height: number): StripItem => ({
      blockId,
      marker: 'GGGG-HHHH-III',
      partIndex: 0,
      partCount: 1,
      png: new Uint8Array(0),
      pixels: new Uint8Array(300 * height).fill(128),
      channels: 1,
      width: 300,
      height,
      textLayer: '',
    });
    const log: string[] = [];
    let backlog = 0;
    let release: (() => void) | undefined;
    const encoder = {
      addRows: () => log.push('rgba'),
      addGreyRows: (_g: Uint8Array, _s: number, rows: number) => {
        log.push(`grey ${rows} (backlog ${backlog})`);
        backlog += 1;
      },
      drained: () =>
        new Promise<void>((resolve) => {
          release = () => {
            backlog -= 1;
            resolve();
          };
        }),
      finish: () => Promise.resolve(new Uint8Array(0)),
    };
    const codec = { ...canvasCodec, encoder: () => encoder };
    const drawn = (item: StripItem) => log.push(`drawn ${item.blockId}`);
    const done = renderStrip([grey('a', 1200), grey('b', 1500)], tall, codec, drawn);
    // Each band waits until the encoder says it has room; release them one by one.
    for (let i = 0; i < 2; i++) {
      await new Promise((r) => setImmediate(r));
      release?.();
    }
    await new Promise((r) => setImmediate(r));
    release?.();
    await done;
    // a's crop ends at row 48 + 20 + 1200 = 1268, in the second band: it is done after that one.
    expect(log).toEqual([
      'grey 1024 (backlog 0)',
      'grey 1024 (backlog 0)',
      'drawn a',
      'grey 828 (backlog 0)',
      'drawn b',
    ]);
  });
});
