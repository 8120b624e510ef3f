// Text layer inside blocks vs MuPDF's (pdfs/expected): both are independent extractors, so texts
// are compared after whitespace normalisation with a tolerance. Tolerance: normalised Levenshtein
// similarity ≥ 0.9 per block on the text without whitespace — glyphs cut by a block edge are
// judged on estimated glyph boxes here and on the fonts' real boxes in MuPDF, so a band that cuts
// a line can keep or drop a few edge characters; word spacing is each extractor's own heuristic.
// Measured: 84 blocks, 63 exact after whitespace normalisation, lowest similarity 0.949.
import { jest } from '@jest/globals';
import { distance } from 'fastest-levenshtein';
import type { PageBox } from '@remote-ocr/ocr-core/geometry';
import { PdfJsRenderer } from './pdfjs-renderer.js';
import { textInBox } from './text-layer.js';
import { annotatedFixtures } from './__fixtures__/fixtures.js';

jest.setTimeout(120_000);

const normalise = (s: string): string => s.replace(/\s+/g, ' ').trim();
const squash = (s: string): string => s.replace(/\s+/g, '');

function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - distance(a, b) / longest;
}

describe('textInBox', () => {
  const page: PageBox = { view: [0, 0, 600, 800], rotate: 0 };
  const run = (str: string, x: number, y: number, width: number) => ({
    str,
    transform: [10, 0, 0, 10, x, y],
    width,
    height: 10,
  });

  it('keeps glyphs whose box is inside, breaks lines by baseline', () => {
    const runs = [
      run('Hello', 100, 700, 50),
      run('world', 160, 700, 50),
      run('next', 100, 680, 40),
    ];
    // Displayed y = 800 - user y; glyphs are 10 pt wide and span 9 pt up, 2.5 pt down.
    expect(textInBox(runs, page, [100, 80, 210, 125])).toBe('Hello world\nnext');
    // An edge through "r" (180..190) keeps "wo"; one through the second line drops it.
    expect(textInBox(runs, page, [100, 80, 185, 115])).toBe('Hello wo');
  });

  it('reads text on a rotated page in displayed coordinates', () => {
    const rotated: PageBox = { view: [0, 0, 600, 800], rotate: 90 };
    // User (100, 700) is displayed at (700, 100) on the 800 × 600 landscape page.
    expect(textInBox([run('Hi', 100, 700, 20)], rotated, [680, 80, 720, 130])).toBe('Hi');
    expect(textInBox([run('Hi', 100, 700, 20)], rotated, [0, 0, 100, 100])).toBe('');
  });
});

describe('text layer of every fixture block with a MuPDF expectation', () => {
  // In-process: text extraction is light, thread start-up would dominate.
  const renderer = new PdfJsRenderer({ threads: 0 });
  const results: Array<{ id: string; similarity: number; exact: boolean }> = [];

  afterAll(() => {
    const exact = results.filter((r) => r.exact).length;
    const worst = Math.min(...results.map((r) => r.similarity));
    // A figure for the record, not an assertion.
    console.info(
      `text layer vs MuPDF: ${results.length} blocks, ${exact} exact after whitespace normalisation, ` +
        `lowest similarity ${worst.toFixed(3)}`,
    );
  });

  const withExpectations = annotatedFixtures().filter((f) => Object.keys(f.expected).length > 0);

  it.each(withExpectations.map((f) => [f.name, f] as const))('%s', async (_name, fx) => {
    const session = await renderer.open(fx.pdfPath);
    try {
      const blocks = fx.blocks.filter((b) => b.id in fx.expected);
      const texts = await session.textLayers(blocks);
      for (const block of blocks) {
        const ours = normalise(texts.get(block.id) ?? '');
        const theirs = normalise(fx.expected[block.id]);
        // Word spacing is pdf.js's own guess: compare spacing-free text for the ratio.
        const score = similarity(squash(ours), squash(theirs));
        results.push({ id: block.id, similarity: score, exact: ours === theirs });
        expect({ block: block.id, ours, ok: score >= 0.9 }).toEqual({
          block: block.id,
          ours,
          ok: true,
        });
      }
    } finally {
      await session.close();
    }
  });
});
