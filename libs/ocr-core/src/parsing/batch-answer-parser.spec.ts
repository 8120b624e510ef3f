import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnswerSplitMethod, BatchBlockRef, ReadMethod } from './answer.types.js';
import { parseBatchAnswer, parseBatchAnswerDetailed } from './batch-answer-parser.js';

const answerFile = (name: string): string =>
  readFileSync(join(import.meta.dirname, '__fixtures__', name), 'utf8');

const ids = [
  'f4cf88df-508c-49bd-b8c9-d240b101b110',
  'e4a6ae37-fbc6-48fe-b842-46a0b61d8705',
  'AC4E-9KLM-QRT',
];
// The recorded answers were made with the codes of an earlier release (11 base-25 digits, no
// check symbol): they must still parse.
const OLD_CODES = ['UQUV-RUUK-WN6', 'HUY4-AFAA-JTL', 'AC4E-9KLM-QRT'];
const STRIP: BatchBlockRef[] = ids.map((blockId, i) => ({
  blockId,
  marker: OLD_CODES[i],
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

/** Expected per block: the exact text of a done block, or the reason pattern of an uncertain one. */
type Expect = string | RegExp;
const UNSPLIT = /no section for block/;

const CASES: Array<[file: string, method: AnswerSplitMethod, expected: [Expect, Expect, Expect]]> =
  [
    ['clean-markers.txt', 'block-marker', [T1_FULL, TABLE_3COL, T3]],
    ['markdown-markers.txt', 'block-marker', [T1_FULL, TABLE_3COL, T3]],
    ['ocr-confused-markers.txt', 'block-marker', [T1_FULL, TABLE_3COL, T3]],
    ['legacy-markers.txt', 'block-marker', [T1_FULL, TABLE_3COL, T3]],
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
    // No labels, no numbers: nothing is guessed, every block is re-sent.
    ['separator-split.txt', 'block-marker', [UNSPLIT, UNSPLIT, UNSPLIT]],
    ['blank-line-split.txt', 'block-marker', [UNSPLIT, UNSPLIT, UNSPLIT]],
    ['prose-no-markers.txt', 'block-marker', [UNSPLIT, UNSPLIT, UNSPLIT]],
    // Label 2 is missing: block 2's text may sit in any section.
    ['merged-blocks.txt', 'block-marker', [/may hold the text of a block/, UNSPLIT, /may hold/]],
    ['fenced-with-preamble.txt', 'block-marker', [T1, TABLE_2COL, T3]],
    // Label 2 is unreadable: a boundary all the same, so blocks 1 and 3 keep their own texts.
    ['misread-marker.txt', 'block-marker', [T1, UNSPLIT, T3]],
    ['empty-section.txt', 'block-marker', [T1, /section for block \[2\] is empty/, T3]],
    [
      'same-line-text.txt',
      'block-marker',
      [T1, 'Обозначение: 165-1-2024-РД-АР1', 'Примечание: размеры даны в миллиметрах.'],
    ],
  ];

describe('parseBatchAnswer on recorded strip answers', () => {
  it.each(CASES)('%s → %s', (file, method, expected) => {
    const parsed = parseBatchAnswerDetailed(answerFile(file), STRIP);
    expect(parsed.method).toBe(method);
    expect(parsed.answers.map((a) => a.blockId)).toEqual(ids);
    parsed.answers.forEach((answer, i) => {
      const want = expected[i];
      if (typeof want === 'string') {
        expect(answer).toMatchObject({ blockId: ids[i], status: 'done', text: want });
      } else {
        expect(answer).toMatchObject({ status: 'uncertain', text: '' });
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
  const A = 'UQUV-RUUK-WN6';
  const B = 'HUY4-AFAA-JTL';

  it.each<[string, string, readonly BatchBlockRef[], AnswerSplitMethod, Array<string | null>]>([
    ['empty answer', '  \n ', two, 'empty', [null, null]],
    [
      'one block, no markers',
      'Просто текст.\n\nВторой абзац.',
      one,
      'single',
      ['Просто текст.\n\nВторой абзац.'],
    ],
    ['one block with its marker', `BLOCK: ${A}\nТекст`, one, 'single', ['Текст']],
    [
      'one block answered in JSON keeps its fence',
      '```json\n{"a": 1}\n```',
      one,
      'single',
      ['```json\n{"a": 1}\n```'],
    ],
    ['markers in reverse order', `BLOCK: ${B}\nB\nBLOCK: ${A}\nA`, two, 'block-marker', ['A', 'B']],
    [
      'a repeated marker with another text is not guessed',
      `BLOCK: ${A}\nA1\nBLOCK: ${B}\nB\nBLOCK: ${A}\nA2`,
      two,
      'block-marker',
      [null, 'B'],
    ],
    [
      'a repeated section is read once',
      `BLOCK: ${A}\nA1\nBLOCK: ${B}\nB\nBLOCK: ${A}\nA1`,
      two,
      'block-marker',
      ['A1', 'B'],
    ],
    [
      'one text under two labels is not guessed',
      `BLOCK: ${A}\nsame\nBLOCK: ${B}\nsame`,
      two,
      'block-marker',
      [null, null],
    ],
    [
      'a copy of a section without its label makes both sections unsure',
      `BLOCK: ${A}\nA text\n\nB section\nBLOCK: ${B}\nB section`,
      two,
      'block-marker',
      [null, null],
    ],
    [
      'BLOCK word in the text is not a marker',
      `BLOCK: ${A}\nBLOCK A, see plan\nBLOCK: ${B}\nB`,
      two,
      'block-marker',
      ['BLOCK A, see plan', 'B'],
    ],
    [
      '[N] and a label in conflict',
      `[2] BLOCK: ${A}\nA\n[1] BLOCK: ${B}\nB`,
      two,
      'block-marker',
      [null, null],
    ],
    [
      'labels with Cyrillic and Greek look-alikes, a bracket and a slash',
      'ВLОСК: UQUV-RUUK-WN6\nA\nblock НUΥ4-AFAA-]T/L\nB',
      two,
      'block-marker',
      ['A', 'B'],
    ],
    [
      'markers with "BLOCK:" prefix in the strip refs',
      'BLOCK: X1X1-X1X1-X1X\nA',
      [{ blockId: 'x', marker: 'BLOCK: X1X1-X1X1-X1X', index: 1 }],
      'single',
      ['A'],
    ],
    [
      'a section may start with a bibliography [1]',
      `BLOCK: ${A}\n[1] ГОСТ 7.1\n[2] СП 50\nBLOCK: ${B}\nB`,
      two,
      'block-marker',
      ['[1] ГОСТ 7.1\n[2] СП 50', 'B'],
    ],
    [
      'a [2] inside block 1 makes the [N] reading uncertain',
      '[1] A\n[2] СП 50\n[2] B',
      two,
      'index-marker',
      [null, null],
    ],
    [
      'CRLF line ends',
      `BLOCK: ${A}\r\nA\r\n\r\nBLOCK: ${B}\r\nB\r\n`,
      two,
      'block-marker',
      ['A', 'B'],
    ],
  ])('%s', (_name, answer, blocks, method, texts) => {
    const parsed = parseBatchAnswerDetailed(answer, blocks);
    expect(parsed.method).toBe(method);
    expect(parsed.answers.map((a) => (a.status === 'done' ? a.text : null))).toEqual(texts);
    for (const a of parsed.answers) if (a.status !== 'done') expect(a.error).toBeTruthy();
  });

  it('a truncated answer leaves its sections unsure', () => {
    const answers = parseBatchAnswer(`BLOCK: ${A}\nA\nBLOCK: ${B}\nB`, two, { truncated: true });
    expect(answers.map((a) => a.status)).toEqual(['uncertain', 'uncertain']);
    expect(answers[1].error).toMatch(/cut short/);
    const one = parseBatchAnswer('A', [STRIP[0]], { truncated: true })[0];
    expect(one).toMatchObject({ status: 'done', text: 'A', flags: ['truncated'] });
  });

  it('records how each block was read', () => {
    const methodOf = (
      answer: string,
      blocks: readonly BatchBlockRef[],
    ): Array<ReadMethod | undefined> => parseBatchAnswer(answer, blocks).map((a) => a.method);
    expect(methodOf(`BLOCK: ${A}\nA\nBLOCK: HUY4-AFA-JTL\nB`, two)).toEqual([
      'marker',
      'marker-fuzzy',
    ]);
    expect(methodOf('[1] A\n[2] B', two)).toEqual(['index', 'index']);
    expect(methodOf('A', one)).toEqual(['single']);
    expect(parseBatchAnswer(`BLOCK: ${A}\nA\nBLOCK: HUY4-AFA-JTL\nB`, two)[1].flags).toEqual([
      'fuzzy_marker',
    ]);
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
