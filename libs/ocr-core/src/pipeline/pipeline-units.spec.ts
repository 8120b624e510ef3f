import { joinWindowTexts } from './checkpoint-book.js';
import { pageSizesFromBlocks } from './page-sizes.js';
import { makeBlock } from './__fixtures__/memory-ports.js';
import { modelFor, resolvePipelineSettings, stripLayoutFor } from './pipeline-settings.js';
import type { JobModels } from './pipeline.types.js';
import { ScriptedEngine } from './__fixtures__/scripted-engine.js';

describe('modelFor (docs/contract.md §6 fallbacks)', () => {
  const rows: Array<[JobModels, string | undefined, string | undefined]> = [
    [{}, undefined, undefined],
    [{ default: 'd' }, 'd', 'd'],
    [{ text_model: 't', table_model: 'tb', image_model: 'i', default: 'd' }, 't', 'i'],
    [{ text_model: '', table_model: 'tb', default: 'd' }, 'tb', 'tb'],
    [{ text_model: '  ', image_model: null, default: 'd' }, 'd', 'd'],
    [{ image_model: 'i' }, undefined, 'i'],
  ];
  it.each(rows)('%j → strip %s, image %s', (models, strip, image) => {
    expect([modelFor(models, 'strip'), modelFor(models, 'image')]).toEqual([strip, image]);
  });
});

describe('joinWindowTexts', () => {
  it.each([
    [['a', 'b'], 'a\nb'],
    [['l1\nl2 cut', 'l2 cut\nl3'], 'l1\nl2 cut\nl3'],
    [['', 'only'], 'only'],
    [['x\n', '\ny'], 'x\ny'],
    [['same', 'same'], 'same'],
    [['whole\ntext', 'whole\ntext', 'whole\ntext'], 'whole\ntext'],
    [['a\nb', 'b\nc', 'a\nb'], 'a\nb\nc\na\nb'],
  ])('%j → %j', (texts, joined) => {
    expect(joinWindowTexts(texts)).toBe(joined);
  });
});

describe('stripLayoutFor', () => {
  it.each([
    [undefined, 9000],
    [6000, 6000],
    [12000, 9000],
  ])('engine limit %s → strips of at most %i px', (engineLimit, height) => {
    const engine = new ScriptedEngine('e', undefined, engineLimit);
    expect(stripLayoutFor(resolvePipelineSettings(), engine).maxHeight).toBe(height);
  });
});

describe('pageSizesFromBlocks', () => {
  it('recovers 300-DPI page sizes from coords_px / coords_norm', () => {
    const a4 = makeBlock('a', { page_index: 1, height: 2000 });
    const a1 = makeBlock('b', {
      page_index: 3,
      coords_px: [10, 10, 7000, 9000],
      coords_norm: [0, 0, 7000 / 7016, 9000 / 9933],
    });
    expect(pageSizesFromBlocks([a4, a1])).toEqual([
      undefined,
      { width: 2480, height: 3508 },
      undefined,
      { width: 7016, height: 9933 },
    ]);
  });
});
