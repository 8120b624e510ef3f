import { canonicalMarker } from '../prompts/block-marker.js';

const OUTER_FENCE = /^```(?:markdown|md|text|plain|txt)?[ \t]*\n([\s\S]*?)\n```[ \t]*$/i;
const RULE_LINE = /^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$/;
const LEGACY_LINE = /^\W*\[{2,3}\s*BLOCK\s*\\?_?\s*ID\s*[:：][^\]]*\]{2,3}\W*$/iu;
const BLOCK_LINE =
  /^[\W\d]*(?:BLOCK|БЛОК)(?![_\p{L}])\s*(?:ID)?\s*[:：#]?\s*([0-9A-Za-zА-Яа-яЁё|\-–— ]{0,24}?)[\W]*$/iu;
const LEADING_INDEX = /^[ \t]*(?:[#>*_]+[ \t]*)?\[(\d{1,3})\][*_]*[ \t]*[:.)-]?[ \t]*\n?/u;

/**
 * Removes a code fence wrapping the whole answer when it is a plain/markdown fence (models add
 * them); a ```json fence is content (a block answered with JSON) and stays.
 */
export function unwrapAnswer(answer: string): string {
  const trimmed = answer.trim();
  const inner = OUTER_FENCE.exec(trimmed)?.[1];
  return inner !== undefined && !inner.includes('```') ? inner : trimmed;
}

/** True for a line that only echoes a block marker of either style. */
function isMarkerEcho(line: string): boolean {
  if (LEGACY_LINE.test(line)) return true;
  const code = BLOCK_LINE.exec(line)?.[1];
  return code !== undefined && Math.abs(canonicalMarker(code).length - 11) <= 2;
}

/**
 * The text of one block section: marker echoes (whole lines with `BLOCK: …` or
 * `[[[BLOCK_ID: …]]]`) and separator rules at its edges removed, outer blank lines trimmed.
 * Inner content is left verbatim (a section may well start with a bibliography's `[1]`).
 */
export function cleanSection(section: string): string {
  const lines = section.split('\n').filter((l) => !isMarkerEcho(l));
  while (lines.length > 0 && (lines[0].trim() === '' || RULE_LINE.test(lines[0]))) lines.shift();
  while (
    lines.length > 0 &&
    (lines[lines.length - 1].trim() === '' || RULE_LINE.test(lines[lines.length - 1]))
  ) {
    lines.pop();
  }
  return lines.join('\n').trimEnd();
}

/** Chunks between `---`/`***`/`___` lines, empty ones dropped. */
export function splitOnRules(answer: string): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  for (const line of answer.split('\n')) {
    if (RULE_LINE.test(line)) {
      chunks.push(current.join('\n'));
      current = [];
    } else current.push(line);
  }
  chunks.push(current.join('\n'));
  return chunks.map(cleanSection).filter((c) => c !== '');
}

/** Paragraphs separated by blank lines, empty ones dropped. */
export const splitOnBlankLines = (answer: string): string[] =>
  answer
    .split(/\n[ \t]*\n/)
    .map(cleanSection)
    .filter((c) => c !== '');

/**
 * A split chunk without the `[N]` it starts with when N is its own position: the model numbered
 * some sections but not enough of them for the index reading.
 */
export function stripOwnIndex(chunk: string, index: number): string {
  const m = LEADING_INDEX.exec(chunk);
  return m && Number(m[1]) === index ? cleanSection(chunk.slice(m[0].length)) : chunk;
}
