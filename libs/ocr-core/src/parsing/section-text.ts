import { contentOffset, readLabelLine, readLegacyLine } from './label-line.js';
import { isBlank, isRuleLine, isSpace, skipWhile } from './scan-steps.js';

const PLAIN_FENCE_LANGS = new Set(['', 'markdown', 'md', 'text', 'plain', 'txt']);

/**
 * Removes a code fence wrapping the whole answer when it is a plain/markdown fence (models add
 * them); a ```json fence is content (a block answered with JSON) and stays.
 */
export function unwrapAnswer(answer: string): string {
  const trimmed = answer.trim();
  if (!trimmed.startsWith('```')) return trimmed;
  const firstBreak = trimmed.indexOf('\n');
  const lastBreak = trimmed.lastIndexOf('\n');
  if (firstBreak < 0 || lastBreak <= firstBreak) return trimmed;
  const lang = trimmed.slice(3, firstBreak).trim().toLowerCase();
  const closing = trimmed.slice(lastBreak + 1);
  const closes = closing.startsWith('```') && isBlank(closing.slice(3));
  if (!PLAIN_FENCE_LANGS.has(lang) || !closes) return trimmed;
  const inner = trimmed.slice(firstBreak + 1, lastBreak);
  return inner.includes('```') ? trimmed : inner;
}

/** True for a line that only echoes a block marker of either style. */
function isMarkerEcho(line: string): boolean {
  const legacy = readLegacyLine(line);
  if (legacy) return contentOffset(line, legacy.end) === line.length;
  const label = readLabelLine(line);
  if (!label) return false;
  if (label.candidates.length === 0) return true;
  return label.candidates.some((c) => contentOffset(line, c.end) === line.length);
}

/**
 * The text of one block section: marker echoes (whole lines with `BLOCK: …` or
 * `[[[BLOCK_ID: …]]]`) removed, separator rules and blank lines at its edges trimmed.
 * Inner content is left verbatim (a section may well start with a bibliography's `[1]`).
 */
export function cleanSection(section: string): string {
  const lines = section.split('\n').filter((l) => !isMarkerEcho(l));
  const edge = (l: string): boolean => isBlank(l) || isRuleLine(l);
  let from = 0;
  let to = lines.length;
  while (from < to && edge(lines[from])) from++;
  while (to > from && edge(lines[to - 1])) to--;
  const kept = lines.slice(from, to);
  if (kept.length > 0) kept[kept.length - 1] = trimEndLinear(kept[kept.length - 1]);
  return kept.join('\n');
}

function trimEndLinear(line: string): string {
  let end = line.length;
  while (end > 0 && isSpace(line[end - 1])) end--;
  return line.slice(0, end);
}

/** True when a text has nothing but punctuation and whitespace (no letter or digit). */
export const isEmptyLike = (text: string): boolean =>
  skipWhile(text, 0, (c) => !/^[\p{L}\p{N}]$/u.test(c)) === text.length;
