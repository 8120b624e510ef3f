import type { BlockType } from '../model/block.js';
import { fillPromptPlaceholders } from './placeholders.js';
import type { PromptBlock, PromptPair } from './prompt.types.js';

/** One block of a strip, as the prompt describes it. */
export interface StripPromptBlock {
  block: PromptBlock;
  /** The code printed on its separator bar (`blockMarker`). */
  marker: string;
  /** 1-based position on the strip. */
  index: number;
  /** PDF text layer inside the block, for `{PDFPLUMBER_TEXT}` of a per-block prompt. */
  textLayer?: string;
}

export interface StripPromptContext {
  docName: string;
  /** Replaces the default system message of multi-block strips. */
  system?: string;
}

/** Default system message of strip calls: transcription only, original language, no merging. */
export const DEFAULT_STRIP_SYSTEM =
  'You are a precise OCR engine for engineering documents (working drawings, specifications, ' +
  'mostly in Russian). Transcribe exactly what is printed: keep the original language, never ' +
  'translate, summarise, correct or invent text. Keep line breaks, list numbering and units. ' +
  'Write tables as Markdown tables.';

const KIND_NOTE: Record<BlockType, string> = {
  text: 'text',
  table: 'table: answer with a Markdown table',
  image: 'image: transcribe its labels',
};

/**
 * Prompt of one strip call (docs/contract.md §4): the model is told the blocks it sees, top to bottom, and the
 * `BLOCK: XXXX-XXXX-XXX` labels on the black separator bars, and must answer one numbered section
 * per block (`[1] BLOCK: …` then the text) without merging blocks. A strip of a single block that
 * carries its own `prompt {system, user}` uses that prompt instead (placeholders filled; a missing
 * half falls back to the default).
 */
export function buildStripPrompt(
  blocks: readonly StripPromptBlock[],
  ctx: StripPromptContext,
): PromptPair {
  if (blocks.length === 0) throw new RangeError('buildStripPrompt: a strip has at least one block');
  const system = ctx.system ?? DEFAULT_STRIP_SYSTEM;
  const generic = { system, user: genericUser(blocks) };
  const only = blocks.length === 1 ? blocks[0] : undefined;
  const own = only?.block.prompt;
  if (!only || !own || (!own.system && !own.user)) return generic;
  const values = {
    docName: ctx.docName,
    pageIndex: only.block.page_index,
    blockId: only.block.id,
    hint: only.block.hint,
    textLayer: only.textLayer,
  };
  return {
    system: own.system ? fillPromptPlaceholders(own.system, values) : generic.system,
    user: own.user ? fillPromptPlaceholders(own.user, values) : generic.user,
  };
}

function genericUser(blocks: readonly StripPromptBlock[]): string {
  const n = blocks.length;
  const list = blocks.map(
    (b) => `[${b.index}] BLOCK: ${b.marker} (${KIND_NOTE[b.block.block_type]})`,
  );
  const format = blocks.flatMap((b) => [
    `[${b.index}] BLOCK: ${b.marker}`,
    `<text of block ${b.index}>`,
    '',
  ]);
  return [
    `The image is a vertical strip of ${n} block${n === 1 ? '' : 's'} cut from a document, top to bottom.`,
    'Each block starts below a black bar with a white label `BLOCK: XXXX-XXXX-XXX`; the bars are not part of the document.',
    '',
    'The blocks, in order:',
    ...list,
    '',
    'Recognise every block separately. Do not merge blocks, do not split a block, do not skip a block:',
    'write a section for each block even when it has no readable text.',
    'Answer in exactly this format, one section per block, in this order:',
    '',
    ...format,
    'Output only these sections: no comments, no code fences around the answer.',
  ].join('\n');
}
