import type {
  BatchAnswerParse,
  BatchBlockRef,
  BlockAnswer,
  MarkerHit,
  ParseOptions,
  ReadFlag,
} from './answer.types.js';
import { readIndexLine } from './label-line.js';
import { scanBlockMarkers, scanIndexMarkers } from './marker-scan.js';
import { answersFromHits, flagRepeatedIndexes, halveRepeat, uncertain } from './section-plan.js';
import { cleanSection, unwrapAnswer } from './section-text.js';

/**
 * Splits one strip answer back into its blocks (docs/contract.md §4, docs/confidence.md). The answer is read
 * by its separator labels (`BLOCK: XXXX-XXXX-XXX` as printed, misread, or in legacy
 * `[[[BLOCK_ID: id]]]` form), their `[N]` numbers a cross-check; an answer without any label is
 * read by its `[N]` numbers. Nothing is guessed: a block the answer cannot be split for with
 * certainty is `uncertain` with the reason, for the caller to re-send in a smaller strip — never
 * given a neighbour's text. The answer of a one-block call is that block's text.
 */
export function parseBatchAnswerDetailed(
  answer: string,
  blocks: readonly BatchBlockRef[],
  options: ParseOptions = {},
): BatchAnswerParse {
  const text = unwrapAnswer(answer.replace(/\r\n?/g, '\n'));
  const truncated = options.truncated === true;
  if (text === '')
    return { method: 'empty', answers: blocks.map((b) => emptyAnswer(b, blocks.length)) };
  if (blocks.length === 1)
    return { method: 'single', answers: [singleAnswer(text, blocks[0], truncated)] };
  const labels = scanBlockMarkers(text, blocks);
  // Labels, where the answer has any, govern; their `[N]` is only a cross-check.
  if (labels.length === 0 && hasIndexLines(text, blocks))
    return { method: 'index-marker', answers: indexReading(text, blocks, truncated) };
  const answers = answersFromHits(text, blocks, labels, 'marker', truncated);
  return { method: 'block-marker', answers };
}

/** Like `parseBatchAnswerDetailed`, returning only the per-block answers. */
export function parseBatchAnswer(
  answer: string,
  blocks: readonly BatchBlockRef[],
  options: ParseOptions = {},
): BlockAnswer[] {
  return parseBatchAnswerDetailed(answer, blocks, options).answers;
}

function indexReading(
  text: string,
  blocks: readonly BatchBlockRef[],
  truncated: boolean,
): BlockAnswer[] {
  const all = scanIndexMarkers(text, blocks);
  const taken: MarkerHit[] = all.filter((h) => h.block !== null);
  const answers = answersFromHits(text, blocks, taken, 'index', truncated);
  flagRepeatedIndexes(all, answers, blocks);
  return answers;
}

const hasIndexLines = (text: string, blocks: readonly BatchBlockRef[]): boolean =>
  scanIndexMarkers(text, blocks).some((h) => h.block !== null);

/** The whole answer of a one-block call, minus echoes of its label. */
function singleAnswer(text: string, block: BatchBlockRef, truncated: boolean): BlockAnswer {
  const whole = withoutOwnIndex(cleanSection(text), block.index);
  if (whole === '') return emptyAnswer(block, 1);
  const once = halveRepeat(whole);
  const body = once ?? whole;
  const flags: ReadFlag[] = [...(once === null ? [] : ['repetition' as const])];
  if (truncated) flags.push('truncated');
  return { blockId: block.blockId, status: 'done', text: body, method: 'single', flags };
}

/** The answer without a leading `[N]` of its own block (models number even a lone section). */
function withoutOwnIndex(text: string, index: number): string {
  const firstBreak = text.indexOf('\n');
  const firstLine = firstBreak < 0 ? text : text.slice(0, firstBreak);
  const read = readIndexLine(firstLine);
  if (!read || read.n !== index) return text;
  return cleanSection(text.slice(read.end));
}

/** An empty answer: re-sent when the block shared the call with others, else failed. */
function emptyAnswer(block: BatchBlockRef, blockCount: number): BlockAnswer {
  const reason = 'the engine returned an empty answer';
  return blockCount > 1
    ? uncertain(block, reason)
    : { blockId: block.blockId, status: 'failed', text: '', error: reason };
}
