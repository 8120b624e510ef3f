// Tests may import the fixtures of libs/testing (ARCHITECTURE.md); the tag rule has no spec exception yet.
import {
  fixturePdfPath,
  listFixturePdfs,
  loadFixtureExpectedTexts,
  renderBlockCrop,
} from '@remote-ocr/testing';
import type { OcrRequest, OcrRequestBlock } from '@remote-ocr/ocr-core';
import { EngineError } from '../errors/engine-error.js';
import { LocalEngine } from './local.engine.js';
import { hasRealText } from './text-layer-rule.js';

const EMPTY = new Uint8Array(0);

function strip(
  blocks: Array<Pick<OcrRequestBlock, 'id' | 'textLayer' | 'crop'>>,
  signal?: AbortSignal,
): OcrRequest {
  return {
    kind: 'strip',
    image: EMPTY,
    mimeType: 'image/png',
    system: '',
    user: '',
    blocks: blocks.map((b, i) => ({ ...b, marker: b.id, index: i + 1 })),
    signal,
  };
}

/** Splits a `[1] …\n\n[2] …` answer by index. */
function byIndex(text: string): Map<number, string> {
  const parts = text.split(/^\[(\d+)\] ?/m).slice(1);
  const out = new Map<number, string>();
  for (let i = 0; i < parts.length; i += 2)
    out.set(Number(parts[i]), parts[i + 1].replace(/\n\n$/, ''));
  return out;
}

describe('LocalEngine', () => {
  const engine = new LocalEngine({ workers: 1 });
  afterAll(() => engine.close());

  it.each(listFixturePdfs().filter((n) => Object.keys(loadFixtureExpectedTexts(n)).length > 0))(
    'returns the text layer of the blocks of %s',
    async (name) => {
      const expected = Object.entries(loadFixtureExpectedTexts(name)).filter(([, t]) =>
        hasRealText(t),
      );
      const result = await engine.recognize(
        strip(expected.map(([id, textLayer]) => ({ id, textLayer, crop: EMPTY }))),
      );
      expect(result.model).toBe('text-layer');
      const answers = byIndex(result.text);
      expected.forEach(([, text], i) => expect(answers.get(i + 1)).toBe(text.trim()));
    },
  );

  it('accepts almost every MuPDF text layer of the fixtures as real text', () => {
    const texts = listFixturePdfs().flatMap((n) => Object.values(loadFixtureExpectedTexts(n)));
    expect(texts.filter((t) => hasRealText(t)).length / texts.length).toBeGreaterThan(0.95);
  });

  it('reads a scanned block with Tesseract, and a garbage text layer is not trusted', async () => {
    // the bilingual title line of the scanned form (page 1), drawn as a user would draw a block
    const crop = await renderBlockCrop(fixturePdfPath('05_scan_form_issue7229'), {
      page_index: 0,
      coords_norm: [0.3, 0.035, 0.8, 0.06],
    });
    const result = await engine.recognize(
      strip([
        { id: 'scan', textLayer: '', crop },
        { id: 'garbage', textLayer: '\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD', crop },
        { id: 'born-digital', textLayer: 'Plain text layer', crop },
      ]),
    );
    expect(result.model).toBe('tesseract:eng');
    const answers = byIndex(result.text);
    for (const i of [1, 2])
      expect(answers.get(i)).toMatch(/Certificate of periodic technical inspection/i);
    expect(answers.get(3)).toBe('Plain text layer');
  }, 120_000);

  it('rejects an aborted request without answering', async () => {
    const ac = new AbortController();
    ac.abort();
    const err = await engine
      .recognize(strip([{ id: 'a', textLayer: 'some words here', crop: EMPTY }], ac.signal))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).reason).toBe('aborted');
  });

  it('reports missing language data as misconfigured', async () => {
    const broken = new LocalEngine({ languages: ['xyz'], workers: 1 });
    const err = await broken
      .recognize(strip([{ id: 'a', textLayer: '', crop: EMPTY }]))
      .catch((e: unknown) => e);
    expect((err as EngineError).reason).toBe('misconfigured');
  });
});
