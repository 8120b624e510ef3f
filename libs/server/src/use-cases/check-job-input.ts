import { DomainError } from '@remote-ocr/contracts';
import {
  BlocksValidationError,
  checkPage,
  parseBlocksFile,
  promptBudgetIssues,
  type Block,
  type BlockIssue,
  type ParsedBlocksFile,
} from '@remote-ocr/ocr-core';
import { inspectPdf } from '@remote-ocr/render';

/** Largest blocks file we parse: a 20,000-block Document is ~15 MB of JSON. */
export const MAX_BLOCKS_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Operator text that goes to the engine with every call of its block: beyond these sizes it only
 * burns tokens or overflows the model's context, so it is refused at the door (a 10 MB hint would
 * otherwise be stored and sent).
 */
export const MAX_HINT_CHARS = 10_000;
const MAX_PROMPT_CHARS = 100_000;

/** The server's limits on one job's input (MAX_PAGES, MAX_BLOCKS); the api and the CLI share them. */
export interface JobInputLimits {
  maxPages: number;
  maxBlocks: number;
}

export interface CheckedJobInput {
  pageCount: number;
  blocks: Block[];
  /** 300-DPI sizes of the pages the blocks are on (and the last page), by page index. */
  pageSizes: Array<{ width: number; height: number } | undefined>;
}

/** Refuses a blocks file too large to parse, before it is read. */
export function checkBlocksFileSize(bytes: number, field = 'blocks_file'): void {
  if (bytes > MAX_BLOCKS_FILE_BYTES) {
    throw new DomainError(
      'payload_too_large',
      `${field} is larger than ${MAX_BLOCKS_FILE_BYTES / 1024 / 1024} MB`,
    );
  }
}

/**
 * Validates the PDF and the blocks against it (docs/contract.md §3); nothing is stored before this
 * passes. Used by job creation, restart with new blocks, and the CLI's one-shot `ocr`.
 */
export async function checkJobInput(
  pdfPath: string,
  blocksText: string | Buffer,
  limits: JobInputLimits,
): Promise<CheckedJobInput> {
  // Blocks are parsed first so the PDF check can look at the pages they are on (page sizes);
  // a bad PDF is still reported before bad blocks.
  let parsed: ParsedBlocksFile | null = null;
  let parseError: unknown = null;
  try {
    parsed = parseBlocksFile(blocksText);
  } catch (error) {
    parseError = error;
  }
  const pages = [...new Set((parsed?.blocks ?? []).map((b) => b.page_index))];
  const info = await inspectPdf(pdfPath, { maxPages: limits.maxPages, pages });
  const { pageCount } = info;
  if (parsed === null) throw parseError;
  const pageSizes: CheckedJobInput['pageSizes'] = [];
  for (const p of info.pages) pageSizes[p.page] = { width: p.width, height: p.height };
  return { pageCount, pageSizes, blocks: checkParsedBlocks(parsed, pageCount, limits.maxBlocks) };
}

function checkParsedBlocks(
  parsed: ParsedBlocksFile,
  pageCount: number,
  maxBlocks: number,
): Block[] {
  if (parsed.blocks.length > maxBlocks) {
    throw new DomainError(
      'invalid_blocks',
      `Too many blocks: ${parsed.blocks.length}; this server accepts at most ${maxBlocks}`,
    );
  }
  // parseBlocksFile validated and normalised every block already; only what needs the PDF is
  // left (validating the whole list a second time cost as much as the first).
  const blocks = parsed.blocks;
  const pageIssues = blocks.flatMap((block, i) => checkPage(block, i, { pageCount }));
  if (pageIssues.length > 0) throw new BlocksValidationError(pageIssues);
  const issues = blocks.flatMap((block, i) => {
    const size = textSizeIssues(block, i);
    return size.length > 0 ? size : promptBudgetIssues(block, i);
  });
  if (issues.length > 0) throw new BlocksValidationError(issues);
  return blocks;
}

function textSizeIssues(block: Block, index: number): BlockIssue[] {
  const texts: Array<[string, unknown, number]> = [
    ['hint', block.hint, MAX_HINT_CHARS],
    ['prompt.system', block.prompt?.system, MAX_PROMPT_CHARS],
    ['prompt.user', block.prompt?.user, MAX_PROMPT_CHARS],
  ];
  return texts.flatMap(([field, text, max]) =>
    typeof text === 'string' && text.length > max
      ? [{ blockId: block.id, index, field, message: `${field} is longer than ${max} characters` }]
      : [],
  );
}
