import { DomainError } from '@remote-ocr/contracts';

/** One problem with one block (or with the file as a whole when `blockId` and `index` are null). */
export interface BlockIssue {
  /** The block's id when it has a usable one. */
  blockId: string | null;
  /** 0-based position of the block in the flattened block list. */
  index: number | null;
  /** Offending field (`coords_norm`, `page_index`, …) or `''` for file-level problems. */
  field: string;
  /** Human sentence naming the field, e.g. `page_index 7 is past the last page (5 pages)`. */
  message: string;
}

/** How many issues the human message spells out; `issues` always carries all of them. */
const MESSAGE_ISSUE_LIMIT = 20;

/**
 * Every problem found in a blocks file, at once (code `invalid_blocks`, mapped to HTTP 400).
 * The message names each bad block and why; `issues` has the same list in structured form.
 */
export class BlocksValidationError extends DomainError {
  constructor(readonly issues: readonly BlockIssue[]) {
    super('invalid_blocks', describeIssues(issues), { issues });
  }
}

function describeIssues(issues: readonly BlockIssue[]): string {
  const shown = issues.slice(0, MESSAGE_ISSUE_LIMIT).map(describeIssue);
  const more = issues.length - shown.length;
  const tail = more > 0 ? `; and ${more} more` : '';
  return `Invalid blocks (${issues.length} problem${issues.length === 1 ? '' : 's'}): ${shown.join('; ')}${tail}`;
}

function describeIssue(issue: BlockIssue): string {
  if (issue.index === null) return issue.message;
  const id = issue.blockId === null ? 'without id' : `"${issue.blockId}"`;
  return `block ${id} (#${issue.index}): ${issue.message}`;
}
