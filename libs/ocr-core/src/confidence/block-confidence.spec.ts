import { blockConfidence, isFlagged, isLooped } from './block-confidence.js';
import { dominantScript, trigramSimilarity } from './text-compare.js';

const LAYER =
  'Примечание: размеры даны в миллиметрах. Расчет фасадного утеплителя приведен в комплекте.';

describe('blockConfidence', () => {
  it.each<[string, Parameters<typeof blockConfidence>[0], number, string[]]>([
    [
      'a label read as printed',
      { text: LAYER, method: 'marker', textLayer: LAYER, transcription: true },
      1,
      [],
    ],
    [
      'a misread label, re-sent',
      {
        text: 'Текст',
        method: 'marker-fuzzy',
        readFlags: ['fuzzy_marker'],
        resplit: true,
        transcription: true,
      },
      0.86,
      ['fuzzy_marker', 'resplit'],
    ],
    [
      'a text the text layer does not hold',
      {
        text: 'Совсем другие слова о балках и опорах здания.',
        method: 'marker',
        textLayer: LAYER,
        transcription: true,
      },
      0.4,
      ['text_layer_mismatch'],
    ],
    [
      'Latin where the layer is Cyrillic',
      {
        text: 'Note: all dimensions are in millimetres here.',
        method: 'single',
        textLayer: LAYER,
        transcription: true,
      },
      0.2,
      ['text_layer_mismatch', 'language_mismatch'],
    ],
    [
      'punctuation only, cut',
      { text: '— . —', method: 'single', truncated: true, transcription: true },
      0.1,
      ['truncated', 'empty_like'],
    ],
    [
      'an IMAGE analysis is not compared with the layer',
      { text: '{"summary": "a plan"}', method: 'single', textLayer: LAYER, transcription: false },
      1,
      [],
    ],
    [
      'a looping model',
      {
        text: 'Строка повтора\nСтрока повтора\nСтрока повтора\nСтрока повтора',
        method: 'marker',
        transcription: true,
      },
      0.6,
      ['repetition'],
    ],
  ])('%s', (_name, input, confidence, flags) => {
    expect(blockConfidence(input)).toEqual({ confidence, flags });
  });

  it('a short or missing text layer is not trusted', () => {
    const short = blockConfidence({
      text: 'abc',
      method: 'marker',
      textLayer: 'Лист 3',
      transcription: true,
    });
    expect(short.flags).toEqual([]);
  });

  it('only warnings make a block flagged', () => {
    expect(isFlagged(['fuzzy_marker', 'resplit'])).toBe(false);
    expect(isFlagged(['resplit', 'truncated'])).toBe(true);
    expect(isFlagged(null)).toBe(false);
  });
});

describe('text statistics', () => {
  it('similarity is 1 for one text, low for unrelated ones', () => {
    expect(trigramSimilarity(LAYER, `${LAYER}\n`)).toBe(1);
    expect(trigramSimilarity(LAYER, 'Бетон B25 W6 F150, арматура А500С.')).toBeLessThan(0.2);
  });

  it('finds the main script', () => {
    expect(dominantScript(LAYER, 10)).toBe('cyrillic');
    expect(dominantScript('Sheet 3 of 7, revision B', 10)).toBe('latin');
    expect(dominantScript('Лист', 10)).toBeNull();
  });

  it('a line three times is no loop, four times is', () => {
    expect(isLooped('Строка повтора\nСтрока повтора\nСтрока повтора')).toBe(false);
    expect(isLooped('ab\nab\nab\nab\nab')).toBe(false); // too short to count
  });
});
