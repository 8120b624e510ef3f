import type { Block, DocumentPage, OcrDocument } from '../model/block.js';
import type { PageSize } from './block-geometry.js';
import { ORIGINAL_BLOCK_TYPE_FIELD } from './normalize-block.js';
import type { DocumentPageInfo } from './parse-blocks-file.js';

/** The final result of one block (all its parts joined), as the pipeline hands it over. */
export interface BlockOutcome {
  blockId: string;
  status: 'done' | 'failed';
  /** Recognised text; ignored for failed blocks. */
  text: string;
  error?: string | null;
  engine?: string | null;
  model?: string | null;
  /** How the text was read, its flags and confidence (docs/confidence.md); absent in old results. */
  readMethod?: string | null;
  flags?: string[] | null;
  confidence?: number | null;
  /** The block's share of its engine call's usage (docs/costs.md); absent in old results. */
  inputTokens?: number | null;
  outputTokens?: number | null;
  costUsd?: number | null;
  pagesBilled?: number | null;
  wallMs?: number | null;
}

/** `ocr_usage` of an output block: its share of the engine call that read it (docs/costs.md). */
export interface BlockUsageField {
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
  pages_billed: number | null;
  wall_ms: number | null;
}

/** Outcome fields of ours on each output block; readers of the original format ignore them. */
export interface BlockOutcomeFields {
  ocr_text: string | null;
  /** `pending`: the job ended (or was exported) before this block ran. */
  ocr_status: 'done' | 'failed' | 'pending';
  ocr_error: string | null;
  ocr_engine: string | null;
  ocr_model: string | null;
  /** 0–1 for done blocks read by this release (docs/confidence.md), else null. */
  ocr_confidence: number | null;
  /** Flags of a done block (`fuzzy_marker`, `text_layer_mismatch`, …); [] when none. */
  ocr_flags: string[];
  /** `marker`, `marker-fuzzy`, `index`, `single` or `text_layer`; null when unknown. */
  ocr_read_method: string | null;
  /** Where a done block's text came from: `text_layer` (the PDF's own text) or the engine's name. */
  ocr_source: string | null;
  /** Present only for blocks an engine call reported usage for. */
  ocr_usage?: BlockUsageField;
}

export interface AnnotationInput {
  blocks: readonly Block[];
  outcomes: Iterable<BlockOutcome>;
  /** Pages of the input Document: their width/height (and unknown fields) are used. */
  pages?: readonly DocumentPageInfo[];
  /** 300-DPI page sizes by 0-based page index, for pages the input did not describe. */
  pageSizes?: ReadonlyArray<PageSize | undefined>;
  /** Default `document.pdf`, the name the PDF has in the job's storage and in result.zip. */
  pdfPath?: string;
  /** Unknown top-level fields of the input Document, written back. */
  extra?: Record<string, unknown>;
}

/**
 * Builds the output Document (`annotation.json`, docs/contract.md §5): only pages that have blocks, sorted by
 * page number, blocks in input order with every input field kept, `ocr_text` set for done blocks
 * and null otherwise (an error is never written as text), plus `ocr_status`, `ocr_error`,
 * `ocr_engine`, `ocr_model`, `ocr_confidence`, `ocr_flags`, `ocr_read_method`. A `block_type` we read as text is written back as the client sent it.
 * @throws RangeError when a page with blocks has no known size
 */
export function buildAnnotationDocument(input: AnnotationInput): OcrDocument {
  const outcomes = new Map<string, BlockOutcome>();
  for (const o of input.outcomes) outcomes.set(o.blockId, o);
  const byPage = new Map<number, Block[]>();
  for (const block of input.blocks) {
    const list = byPage.get(block.page_index) ?? [];
    list.push(outputBlock(block, outcomes.get(block.id)));
    byPage.set(block.page_index, list);
  }
  const pages = [...byPage.keys()]
    .sort((a, b) => a - b)
    .map((n): DocumentPage => ({ ...pageInfo(n, input), blocks: byPage.get(n) ?? [] }));
  return { ...input.extra, pdf_path: input.pdfPath ?? 'document.pdf', pages };
}

function pageInfo(pageNumber: number, input: AnnotationInput): Omit<DocumentPage, 'blocks'> {
  const declared = input.pages?.find((p) => p.page_number === pageNumber);
  if (declared) return declared;
  const size = input.pageSizes?.[pageNumber];
  if (!size) throw new RangeError(`No page size known for page_index ${pageNumber}`);
  return {
    page_number: pageNumber,
    width: Math.round(size.width),
    height: Math.round(size.height),
  };
}

function outputBlock(block: Block, outcome: BlockOutcome | undefined): Block {
  const { [ORIGINAL_BLOCK_TYPE_FIELD]: original, ...rest } = block;
  const out: Block = { ...rest, ...outcomeFields(outcome) };
  if (typeof original === 'string') out.block_type = original as Block['block_type'];
  return out;
}

/** Outcome fields for one block; exported for callers that patch stored Documents. */
function outcomeFields(outcome: BlockOutcome | undefined): BlockOutcomeFields {
  if (!outcome)
    return {
      ocr_text: null,
      ocr_status: 'pending',
      ocr_error: null,
      ocr_engine: null,
      ocr_model: null,
      ocr_confidence: null,
      ocr_flags: [],
      ocr_read_method: null,
      ocr_source: null,
    };
  const done = outcome.status === 'done';
  return {
    ocr_text: done ? outcome.text : null,
    ocr_status: outcome.status,
    ocr_error: done ? null : (outcome.error ?? 'failed'),
    ocr_engine: outcome.engine ?? null,
    ocr_model: outcome.model ?? null,
    ocr_confidence: done ? (outcome.confidence ?? null) : null,
    ocr_flags: done ? (outcome.flags ?? []) : [],
    ocr_read_method: done ? (outcome.readMethod ?? null) : null,
    ocr_source: done ? (outcome.engine ?? null) : null,
    ...usageField(outcome),
  };
}

function usageField(outcome: BlockOutcome): { ocr_usage?: BlockUsageField } {
  const usage: BlockUsageField = {
    input_tokens: outcome.inputTokens ?? null,
    output_tokens: outcome.outputTokens ?? null,
    cost_usd: outcome.costUsd ?? null,
    pages_billed: outcome.pagesBilled ?? null,
    wall_ms: outcome.wallMs ?? null,
  };
  const known = Object.values(usage).some((v) => v !== null);
  return known ? { ocr_usage: usage } : {};
}
