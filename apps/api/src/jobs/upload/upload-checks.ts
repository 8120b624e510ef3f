import { readFile } from 'node:fs/promises';
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
import type { HashedFile } from './hashing-disk-storage.js';

export type UploadFiles = Record<string, Express.Multer.File[] | undefined> | undefined;

/** Largest blocks file we parse: a 20,000-block Document is ~15 MB of JSON. */
export const MAX_BLOCKS_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Operator text that goes to the engine with every call of its block: beyond these sizes it only
 * burns tokens or overflows the model's context, so it is refused at the door (a 10 MB hint would
 * otherwise be stored and sent).
 */
export const MAX_HINT_CHARS = 10_000;
export const MAX_PROMPT_CHARS = 100_000;

export function requireFile(files: UploadFiles, field: string): HashedFile {
  const file = files?.[field]?.[0];
  if (!file) throw new DomainError('validation_failed', `Missing file field: ${field}`);
  return file as HashedFile;
}

export function optionalFile(files: UploadFiles, field: string): HashedFile | null {
  return (files?.[field]?.[0] as HashedFile | undefined) ?? null;
}

export async function readBlocksText(file: HashedFile): Promise<string> {
  if (file.size > MAX_BLOCKS_FILE_BYTES) {
    throw new DomainError(
      'payload_too_large',
      `blocks_file is larger than ${MAX_BLOCKS_FILE_BYTES / 1024 / 1024} MB`,
    );
  }
  return readFile(file.path, 'utf8');
}

export interface CheckedUpload {
  pageCount: number;
  blocks: Block[];
  /** 300-DPI sizes of the pages the blocks are on (and the last page), by page index. */
  pageSizes: Array<{ width: number; height: number } | undefined>;
}

export interface UploadLimits {
  maxPages: number;
  maxBlocks: number;
}

/** Validates the PDF and the blocks against it; nothing is stored before this passes. */
export async function checkPdfAndBlocks(
  pdfPath: string,
  blocksText: string,
  limits: UploadLimits,
): Promise<CheckedUpload> {
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
  const pageSizes: CheckedUpload['pageSizes'] = [];
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

export function checkDocumentId(pdf: HashedFile, documentId: string): void {
  if (pdf.sha256 !== documentId.toLowerCase()) {
    throw new DomainError(
      'validation_failed',
      `document_id does not match the uploaded PDF (its SHA-256 is ${pdf.sha256})`,
    );
  }
}
