import { fillPromptPlaceholders } from './placeholders.js';
import type { PromptBlock, PromptPair } from './prompt.types.js';

/** Default analysis prompt of IMAGE blocks; the answer is one JSON object (result.md embeds it). */
export const DEFAULT_IMAGE_PROMPT: PromptPair = {
  system:
    'You are an expert in engineering and construction documentation (drawings, schemes, details, ' +
    'mostly in Russian). You analyse one image cut from a document and answer with a single JSON ' +
    'object only: no prose before or after it. Keep quoted text in its original language.',
  user: [
    'Document: {DOC_NAME}, page {PAGE_NUM}, block {BLOCK_ID}.',
    'Operator hint (may be empty): {OPERATOR_HINT}',
    'Text layer of the PDF inside this region (may be empty or incomplete):',
    '{PDFPLUMBER_TEXT}',
    '',
    'Analyse the image and answer with one JSON object of this shape:',
    '{',
    '  "content_type": "plan | section | facade | detail | scheme | diagram | table | photo | stamp | other",',
    '  "title": "the title or caption printed on the image, or a short one of your own",',
    '  "description": "what the image shows and what it is for, 2-5 sentences",',
    '  "text": "every legible label, note and dimension, verbatim, one per line",',
    '  "key_elements": ["main elements, equipment, materials or marks shown"]',
    '}',
  ].join('\n'),
};

export interface ImagePromptContext {
  docName: string;
  /** PDF text layer inside the block (`{PDFPLUMBER_TEXT}`). */
  textLayer?: string;
  /** Replaces `DEFAULT_IMAGE_PROMPT` for blocks without their own prompt. */
  defaults?: PromptPair;
}

/**
 * Prompt of one IMAGE block (docs/contract.md §4 step 5): the block's own `prompt {system, user}` when it
 * has one (a missing half falls back to the default), else the default analysis prompt; every
 * placeholder of both syntaxes filled.
 */
export function buildImagePrompt(block: PromptBlock, ctx: ImagePromptContext): PromptPair {
  const defaults = ctx.defaults ?? DEFAULT_IMAGE_PROMPT;
  const values = {
    docName: ctx.docName,
    pageIndex: block.page_index,
    blockId: block.id,
    hint: block.hint,
    textLayer: ctx.textLayer,
  };
  return {
    system: fillPromptPlaceholders(block.prompt?.system || defaults.system, values),
    user: fillPromptPlaceholders(block.prompt?.user || defaults.user, values),
  };
}
