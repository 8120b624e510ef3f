import { blockMarker } from '../prompts/block-marker.js';
import type { BatchBlockRef } from './answer.types.js';
import { parseBatchAnswerDetailed } from './batch-answer-parser.js';
import { scanSteps } from './scan-steps.js';

/**
 * The answer parser against adversarial model output (issue: `"Block" + 250 spaces` once froze a
 * worker for 11.6 s in a backtracking pattern). Each input is ~100 kB; the scanners count their
 * steps (`scanSteps`) and must stay within a budget linear in the input: no wall time measured.
 */
const SIZE = 100_000;
const fill = (unit: string, size = SIZE): string => unit.repeat(Math.ceil(size / unit.length));

const strip = (n: number): BatchBlockRef[] =>
  Array.from({ length: n }, (_, i) => ({
    blockId: `b${i}`,
    marker: blockMarker(`b${i}`),
    index: i + 1,
  }));

const ADVERSARIAL: Array<[string, (size?: number) => string]> = [
  ['"Block" + spaces + "_" on one line', (s) => `Block${' '.repeat(s ?? SIZE)}_`],
  ['"Block" + 250 spaces lines', (s) => fill(`Block${' '.repeat(250)}\n`, s)],
  ['"BLOCK: " + code symbols without end', (s) => `BLOCK: ${fill('A-', s)}`],
  ['"BLOCK BLOCK …" on one line', (s) => fill('BLOCK ', s)],
  ['"BLOCK:" lines with codes', (s) => fill('BLOCK: AAAA-AAAA-AAA\n', s)],
  ['decoration before a word', (s) => `${fill('#>*_`~=|-', s)}BLOCK`],
  ['brackets', (s) => fill('[[[', s)],
  ['"[[[BLOCK_ID:" without a close', (s) => fill('[[[BLOCK_ID: ', s)],
  ['index lines', (s) => fill('[1]\n', s)],
  ['"Блок 1" lines without a colon', (s) => fill('Блок 1 ', s)],
  ['padded markdown table', (s) => fill(`|${' '.repeat(300)}|${' '.repeat(300)}|\n`, s)],
  ['rules and blank lines', (s) => fill('---\n\n   \n***\n', s)],
  ['fences', (s) => fill('```\n', s)],
  ['spaces between two letters', (s) => `x${' '.repeat(s ?? SIZE)}x`],
  ['one long line of letters', (s) => 'Б'.repeat(s ?? SIZE)],
  ['code-like runs separated by single spaces', (s) => `BLOCK: ${fill('A ', s)}`],
];

function stepsFor(input: string, blocks: readonly BatchBlockRef[]): number {
  scanSteps.count = 0;
  parseBatchAnswerDetailed(input, blocks);
  parseBatchAnswerDetailed(input, blocks.slice(0, 1));
  return scanSteps.count;
}

/** Steps per input character allowed (per block of the strip: a label is matched to each). */
const STEPS_PER_CHAR_PER_BLOCK = 60;

describe('answer parser step budget on 100 kB adversarial inputs', () => {
  const blocks = strip(4);

  it.each(ADVERSARIAL)('%s', (_name, make) => {
    const input = make();
    expect(input.length).toBeGreaterThanOrEqual(SIZE);
    const steps = stepsFor(input, blocks);
    expect(steps).toBeGreaterThan(0);
    expect(steps).toBeLessThanOrEqual(STEPS_PER_CHAR_PER_BLOCK * blocks.length * input.length);
    // Linear, not merely small: twice the input costs about twice the steps.
    const doubled = stepsFor(make(2 * SIZE), blocks);
    expect(doubled).toBeLessThanOrEqual(2.2 * steps + 1000);
  });
});
