import { jest } from '@jest/globals';
import { DEFAULT_CROP_OPTIONS, PdfJsRenderer } from './pdfjs-renderer.js';
import { registerCjkFont, unregisterCjkFont } from './cjk-font.js';
import { decodePng, fixture } from './__fixtures__/fixtures.js';

jest.setTimeout(60_000);

/** Dark pixels of each row and of each column: the shape of the ink. */
function profile(png: Uint8Array): { rows: number[]; ink: number } {
  const img = decodePng(png);
  const height = img.rgba.length / 4 / img.width;
  const rows = Array.from({ length: height }, () => 0);
  let ink = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (img.rgba[(y * img.width + x) * 4] < 128) {
        rows[y]++;
        ink++;
      }
    }
  }
  return { rows, ink };
}

describe('CJK fallback font (fixture 13, HeiseiMin not embedded)', () => {
  const fx = fixture('13');
  // The block holding the end of the line "日本語テスト".
  const block = fx.blocks[2];

  async function crop(): Promise<Uint8Array> {
    const session = await new PdfJsRenderer({ threads: 0 }).open(fx.pdfPath);
    const [result] = await Array.fromAsync(session.crop([block], DEFAULT_CROP_OPTIONS));
    await session.close();
    return result.parts[0].png;
  }

  it('draws glyphs, not the empty boxes of a missing font', async () => {
    expect(registerCjkFont()).toBe(true);
    const withFont = profile(await crop());
    unregisterCjkFont();
    const withoutFont = profile(await crop());
    expect(registerCjkFont()).toBe(true);

    expect(withFont.ink).toBeGreaterThan(0);
    expect(withoutFont.ink).toBeGreaterThan(0);
    // A box is two long horizontal edges: its top and bottom rows are nearly solid ink, so the
    // darkest row holds a large share of all ink. Kana strokes spread over many rows.
    const solidRows = (p: { rows: number[]; ink: number }) => Math.max(...p.rows) / p.ink;
    expect(solidRows(withoutFont)).toBeGreaterThan(2 * solidRows(withFont));
  });
});
