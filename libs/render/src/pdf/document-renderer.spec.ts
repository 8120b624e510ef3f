import { jest } from '@jest/globals';
import { DocumentRenderer, type DocumentRendererSettings } from './document-renderer.js';
import { DEFAULT_CROP_OPTIONS } from './pdfjs-renderer.js';
import { fixture } from './__fixtures__/fixtures.js';

jest.setTimeout(60_000);

const SETTINGS: DocumentRendererSettings = {
  bandPixels: 4_000_000,
  pngLevel: 3,
  pageCacheSize: 2,
  gcEveryPixels: 4_000_000,
};

describe('DocumentRenderer parsing a page ahead of its blocks', () => {
  const fx = fixture('08');
  const onSecondPage = fx.blocks.filter((block) => block.page_index === 1).slice(0, 2);

  it('renders the same crops after prepare(), without parsing the page again', async () => {
    const plain = await DocumentRenderer.open(fx.pdfPath, SETTINGS);
    const first = await plain.timedCrop(onSecondPage[0], DEFAULT_CROP_OPTIONS);
    const second = await plain.timedCrop(onSecondPage[1], DEFAULT_CROP_OPTIONS);
    await plain.close();
    // The crop that met the page parsed it; the next one reused it.
    expect(first.parseMs).toBeGreaterThan(0);
    expect(second.parseMs).toBe(0);

    const prepared = await DocumentRenderer.open(fx.pdfPath, SETTINGS);
    expect(await prepared.prepare(1)).toBeGreaterThan(0);
    expect(await prepared.prepare(1)).toBe(0);
    const afterPrepare = await prepared.timedCrop(onSecondPage[0], DEFAULT_CROP_OPTIONS);
    await prepared.close();
    expect(afterPrepare.parseMs).toBe(0);
    expect(afterPrepare.crop).toEqual(first.crop);
  });

  it('refuses to prepare a page outside the document', async () => {
    const renderer = await DocumentRenderer.open(fx.pdfPath, SETTINGS);
    await expect(renderer.prepare(fx.document.pages.length)).rejects.toThrow(RangeError);
    await renderer.close();
  });
});
