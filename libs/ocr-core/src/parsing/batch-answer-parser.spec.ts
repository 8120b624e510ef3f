import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { blockMarker } from '../prompts/block-marker.js';
import type { AnswerSplitMethod, BatchBlockRef } from './answer.types.js';
import { parseBatchAnswer, parseBatchAnswerDetailed } from './batch-answer-parser.js';

const answerFile = (name: string): string =>
  readFileSync(join(import.meta.dirname, '__fixtures__', name), 'utf8');

const ids = [
  'f4cf88df-508c-49bd-b8c9-d240b101b110',
  'e4a6ae37-fbc6-48fe-b842-46a0b61d8705',
  'AC4E-9KLM-QRT',
];
const STRIP: BatchBlockRef[] = ids.map((blockId, i) => ({
  blockId,
  marker: blockMarker(blockId),
  index: i + 1,
}));

const T1 = '20. Расчет фасадного утеплителя приведен в данном комплекте.';
const T1_FULL = `${T1}\n21. Фасадные вывески применить по общему дизайн-проекту.`;
const TABLE_3COL = [
  '| Обозначение | Наименование | Примечание |',
  '|---|---|---|',
  '| 165-1-2024-РД-АР1 | Общие архитектурно-планировочные решения |  |',
].join('\n');
const TABLE_2COL =
  '| Обозначение | Наименование |\n|---|---|\n| 165-1-2024-РД-АР1 | Общие решения |';
const T3 = 'Примечание: размеры даны в миллиметрах.';

/** Expected per block: the exact text of a done block, or the reason pattern of a failed one. */
type Expect = string | RegExp;

const CASES: Array<[file: string, method: AnswerSplitMethod, expected: [Expect, Expect, Expect]]> =
  [
    ['clean-markers.txt', 'block-marker', [T1_FULL, TABLE_3COL, T3]],
    ['markdown-markers.txt', 'block-marker', [T1_FULL, TABLE_3COL, T3]],
    ['ocr-confused-markers.txt', 'block-marker', [T1_FULL, TABLE_3COL, T3]],
    ['legacy-markers.txt', 'legacy-marker', [T1_FULL, TABLE_3COL, T3]],
    [
      'index-only.txt',
      'index-marker',
      [
        T1_FULL,
        TABLE_3COL,
        'Список литературы\n[1] ГОСТ 7.1-2003. Библиографическая запись.\n[2] СП 50.13330.2012. Тепловая защита зданий.',
      ],
    ],
    ['russian-numbering.txt', 'index-marker', [T1, TABLE_2COL, T3]],
    [
      'separator-split.txt',
      'separator-split',
      [`${T1}\n\n21. Фасадные вывески применить по общему дизайн-проекту.`, TABLE_2COL, T3],
    ],
    ['blank-line-split.txt', 'blank-line-split', [T1_FULL, TABLE_2COL, T3]],
    [
      'prose-no-markers.txt',
      'whole-answer',
      [
        /^20\. Расчет[\s\S]*\n\nПримечание: размеры даны в миллиметрах\.$/,
        /no block markers .* given to block \[1\]/,
        /no block markers/,
      ],
    ],
    [
      'merged-blocks.txt',
      'block-marker',
      [`${T1}\n${TABLE_2COL}`, /no section for block \[2\] \(marker HUY4-AFAA-JTL not found\)/, T3],
    ],
    ['fenced-with-preamble.txt', 'block-marker', [T1, TABLE_2COL, T3]],
    ['misread-marker.txt', 'block-marker', [T1, TABLE_2COL, T3]],
    ['empty-section.txt', 'block-marker', [T1, /section for block \[2\] is empty/, T3]],
    [
      'same-line-text.txt',
      'block-marker',
      [T1, 'Обозначение: 165-1-2024-РД-АР1', 'Примечание: размеры даны в миллиметрах.'],
    ],
  ];

describe('parseBatchAnswer on recorded strip answers', () => {
  it('uses the markers the strip prints', () => {
    expect(STRIP.map((b) => b.marker)).toEqual(['UQUV-RUUK-WN6', 'HUY4-AFAA-JTL', 'AC4E-9KLM-QRT']);
  });

  it.each(CASES)('%s → %s', (file, method, expected) => {
    const parsed = parseBatchAnswerDetailed(answerFile(file), STRIP);
    expect(parsed.method).toBe(method);
    expect(parsed.answers.map((a) => a.blockId)).toEqual(ids);
    parsed.answers.forEach((answer, i) => {
      const want = expected[i];
      if (typeof want === 'string') {
        expect(answer).toEqual({ blockId: ids[i], status: 'done', text: want });
      } else if (i === 0 && method === 'whole-answer') {
        expect(answer.status).toBe('done');
        expect(answer.text).toMatch(want);
      } else {
        expect(answer).toMatchObject({ status: 'failed', text: '' });
        expect(answer.error).toMatch(want);
      }
    });
  });

  it('never leaves a marker echo in a text', () => {
    for (const [file] of CASES) {
      for (const a of parseBatchAnswer(answerFile(file), STRIP)) {
        expect(a.text).not.toMatch(/BLOCK[:_ ]/);
        expect(a.text).not.toMatch(/^\s*\[\d\]/);
      }
    }
  });
});

describe('parseBatchAnswer on short answers', () => {
  const one: BatchBlockRef[] = [STRIP[0]];
  const two = STRIP.slice(0, 2);

  it.each<[string, string, readonly BatchBlockRef[], AnswerSplitMethod, Array<string | null>]>([
    ['empty answer', '  \n ', two, 'empty', [null, null]],
    [
      'one block, no markers',
      'Просто текст.\n\nВторой абзац.',
      one,
      'whole-answer',
      ['Просто текст.\n\nВторой абзац.'],
    ],
    ['one block with its marker', 'BLOCK: UQUV-RUUK-WN6\nТекст', one, 'block-marker', ['Текст']],
    [
      'one block answered in JSON keeps its fence',
      '```json\n{"a": 1}\n```',
      one,
      'whole-answer',
      ['```json\n{"a": 1}\n```'],
    ],
    [
      'markers in reverse order',
      'BLOCK: HUY4-AFAA-JTL\nB\nBLOCK: UQUV-RUUK-WN6\nA',
      two,
      'block-marker',
      ['A', 'B'],
    ],
    [
      'a repeated marker joins its sections',
      'BLOCK: UQUV-RUUK-WN6\nA1\nBLOCK: HUY4-AFAA-JTL\nB\nBLOCK: UQUV-RUUK-WN6\nA2',
      two,
      'block-marker',
      ['A1\n\nA2', 'B'],
    ],
    [
      'BLOCK word in the text is not a marker',
      'BLOCK: UQUV-RUUK-WN6\nBLOCK A, see plan\nBLOCK: HUY4-AFAA-JTL\nB',
      two,
      'block-marker',
      ['BLOCK A, see plan', 'B'],
    ],
    [
      '[N] wins when it finds more than BLOCK codes',
      '[1] BLOCK: ZZZZ\nA\n[2]\nB',
      two,
      'index-marker',
      ['BLOCK: ZZZZ\nA', 'B'],
    ],
    [
      'one [N] and a two-way split prefer the split',
      '[1] A\n\nB',
      two,
      'blank-line-split',
      ['A', 'B'],
    ],
    [
      'markers with "BLOCK:" prefix in the strip refs',
      'BLOCK: X1X1-X1X1-X1X\nA',
      [{ blockId: 'x', marker: 'BLOCK: X1X1-X1X1-X1X', index: 1 }],
      'block-marker',
      ['A'],
    ],
    [
      'a section may start with a bibliography [1]',
      'BLOCK: UQUV-RUUK-WN6\n[1] ГОСТ 7.1\n[2] СП 50\nBLOCK: HUY4-AFAA-JTL\nB',
      two,
      'block-marker',
      ['[1] ГОСТ 7.1\n[2] СП 50', 'B'],
    ],
    [
      'a split chunk keeps a [N] that is not its own',
      'A\n\n[1] ГОСТ 7.1',
      two,
      'blank-line-split',
      ['A', '[1] ГОСТ 7.1'],
    ],
    ['a split chunk of only its number fails', '[1]\n---\nB', two, 'separator-split', [null, 'B']],
    [
      'CRLF line ends',
      'BLOCK: UQUV-RUUK-WN6\r\nA\r\n\r\nBLOCK: HUY4-AFAA-JTL\r\nB\r\n',
      two,
      'block-marker',
      ['A', 'B'],
    ],
  ])('%s', (_name, answer, blocks, method, texts) => {
    const parsed = parseBatchAnswerDetailed(answer, blocks);
    expect(parsed.method).toBe(method);
    expect(parsed.answers.map((a) => (a.status === 'done' ? a.text : null))).toEqual(texts);
    for (const a of parsed.answers) if (a.status === 'failed') expect(a.error).toBeTruthy();
  });

  it('keeps client codes apart that differ only by a look-alike pair', () => {
    const pair: BatchBlockRef[] = [
      { blockId: 'AC6E-9KLM-QRT', marker: 'AC6E-9KLM-QRT', index: 1 },
      { blockId: 'ACGE-9KLM-QRT', marker: 'ACGE-9KLM-QRT', index: 2 },
    ];
    const answers = parseBatchAnswer('BLOCK: ACGE-9KLM-QRT\nG\nBLOCK: AC6E-9KLM-QRT\nsix', pair);
    expect(answers.map((a) => a.text)).toEqual(['six', 'G']);
  });
});
