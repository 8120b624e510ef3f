import { validateSync } from 'class-validator';
import type { Block } from '../model/block.js';
import { DocumentDto, DocumentPageDto } from './block.dto.js';
import { BlocksValidationError, type BlockIssue } from './blocks-validation.error.js';
import { isRecord, toIssues } from './normalize-block.js';
import { collectBlockIssues } from './validate-blocks.js';

/** A Document page without its blocks; unknown page fields are kept. */
export interface DocumentPageInfo {
  page_number: number;
  width: number;
  height: number;
  [extra: string]: unknown;
}

/** A validated blocks file, flattened. */
export interface ParsedBlocksFile {
  /** `array`: flat block list; `document`: `{pdf_path, pages}`; `blocks-object`: `{blocks: […]}`. */
  format: 'array' | 'document' | 'blocks-object';
  /** Normalised blocks in file order (page by page for a Document). */
  blocks: Block[];
  /** Pages a Document declared (300-DPI sizes), in file order; `[]` for the other formats. */
  pages: DocumentPageInfo[];
  /** The Document's `pdf_path`, when it had one. */
  pdfPath?: string;
  /** Unknown top-level fields of the input object, kept for `annotation.json`. */
  extra: Record<string, unknown>;
}

const fileIssue = (message: string, field = ''): BlockIssue => ({
  blockId: null,
  index: null,
  field,
  message,
});

/**
 * Parses a blocks file (docs/contract.md §3): a flat JSON array of blocks, a Document
 * `{pdf_path, pages: [{page_number, width, height, blocks}]}` (flattened), or `{blocks: […]}`.
 * Accepts the JSON text (string), its UTF-8 bytes (Uint8Array) or the parsed value. Runs every check that needs no
 * PDF; `checkBlocksAgainstPdf` adds the page checks once the PDF is open.
 * @throws BlocksValidationError listing every bad block at once
 */
export function parseBlocksFile(input: unknown): ParsedBlocksFile {
  const value = typeof input === 'string' || input instanceof Uint8Array ? parseJson(input) : input;
  const parsed = flatten(value);
  const { blocks, issues } = collectBlockIssues(parsed.raws);
  const all = [...parsed.issues, ...issues].sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
  if (all.length > 0) throw new BlocksValidationError(all);
  return {
    format: parsed.format,
    blocks,
    pages: parsed.pages,
    pdfPath: parsed.pdfPath,
    extra: parsed.extra,
  };
}

function parseJson(input: string | Uint8Array): unknown {
  const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (e) {
    throw new BlocksValidationError([
      fileIssue(`the blocks file is not valid JSON: ${(e as Error).message}`),
    ]);
  }
}

interface Flattened {
  format: ParsedBlocksFile['format'];
  raws: unknown[];
  pages: DocumentPageInfo[];
  pdfPath?: string;
  extra: Record<string, unknown>;
  issues: BlockIssue[];
}

function flatten(value: unknown): Flattened {
  if (Array.isArray(value))
    return { format: 'array', raws: value, pages: [], extra: {}, issues: [] };
  if (isRecord(value) && 'pages' in value) return flattenDocument(value);
  if (isRecord(value) && Array.isArray(value.blocks)) {
    const { blocks, ...extra } = value;
    return { format: 'blocks-object', raws: blocks as unknown[], pages: [], extra, issues: [] };
  }
  const message =
    'expected a JSON array of blocks, a Document {pdf_path, pages} or an object {blocks}';
  throw new BlocksValidationError([fileIssue(message)]);
}

function flattenDocument(doc: Record<string, unknown>): Flattened {
  const envelope = Object.assign(new DocumentDto(), { pdf_path: doc.pdf_path, pages: doc.pages });
  const issues = toIssues(validateSync(envelope, { stopAtFirstError: true }), null, null);
  const { pages: rawPages, pdf_path, ...extra } = doc;
  const result: Flattened = { format: 'document', raws: [], pages: [], extra, issues };
  if (typeof pdf_path === 'string') result.pdfPath = pdf_path;
  if (!Array.isArray(rawPages)) return result;
  const seen = new Set<number>();
  rawPages.forEach((rawPage, p) => addPage(result, rawPage, p, seen));
  return result;
}

/** Validates one page, records it and queues its blocks (page_index filled in when missing). */
function addPage(out: Flattened, rawPage: unknown, p: number, seen: Set<number>): void {
  const at = `pages[${p}]`;
  if (!isRecord(rawPage)) {
    out.issues.push(fileIssue(`${at} must be an object`, at));
    return;
  }
  const { blocks, ...info } = rawPage;
  const dto = Object.assign(new DocumentPageDto(), { ...info, blocks });
  const pageIssues = toIssues(validateSync(dto, { stopAtFirstError: true }), null, null, `${at}.`);
  out.issues.push(...pageIssues.map((i) => ({ ...i, message: `${at}: ${i.message}` })));
  if (pageIssues.length > 0) return;
  const page = info as DocumentPageInfo;
  if (seen.has(page.page_number)) {
    out.issues.push(
      fileIssue(`${at}: page_number ${page.page_number} appears twice`, `${at}.page_number`),
    );
  }
  seen.add(page.page_number);
  out.pages.push(page);
  for (const raw of blocks as unknown[])
    out.raws.push(withPageIndex(raw, page.page_number, out, out.raws.length));
}

function withPageIndex(raw: unknown, pageNumber: number, out: Flattened, index: number): unknown {
  if (!isRecord(raw)) return raw;
  if (raw.page_index === undefined || raw.page_index === null)
    return { ...raw, page_index: pageNumber };
  if (raw.page_index !== pageNumber) {
    const blockId = typeof raw.id === 'string' ? raw.id : null;
    const message = `page_index ${JSON.stringify(raw.page_index)} differs from its page's page_number ${pageNumber}`;
    out.issues.push({ blockId, index, field: 'page_index', message });
  }
  return raw;
}
