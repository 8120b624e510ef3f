import type { BlockIssue } from '../blocks/blocks-validation.error.js';
import { DEFAULT_IMAGE_PROMPT } from './image-prompt.js';
import { MAX_PROMPT_TEXT_LAYER_CHARS, filledLengthBound } from './placeholders.js';
import type { PromptBlock } from './prompt.types.js';

/**
 * Longest prompt (system + user, placeholders filled) sent for one block. Far above any useful
 * prompt (the default is ~1,300 characters) and far below what bloats a worker: the bound is
 * checked at intake, so a job whose prompts could grow past it is refused with 400 before
 * anything is stored (docs/security.md, "Prompts").
 */
const MAX_FILLED_PROMPT_CHARS = 150_000;

/** Longest values the placeholders can take (document_name is at most 500 characters). */
const VALUE_BOUNDS = {
  DOC_NAME: 500,
  PAGE_NUM: 10,
  BLOCK_ID: 200,
  PDFPLUMBER_TEXT: MAX_PROMPT_TEXT_LAYER_CHARS,
};

/** Upper bound of the filled prompt of `block` (its own prompt, or the default for a missing half). */
export function filledPromptBound(block: PromptBlock): number {
  const bounds = {
    ...VALUE_BOUNDS,
    BLOCK_ID: block.id.length,
    OPERATOR_HINT: typeof block.hint === 'string' ? block.hint.length : 0,
  };
  const system = block.prompt?.system || DEFAULT_IMAGE_PROMPT.system;
  const user = block.prompt?.user || DEFAULT_IMAGE_PROMPT.user;
  return filledLengthBound(system, bounds) + filledLengthBound(user, bounds);
}

/** The issue of a block whose filled prompt could exceed `MAX_FILLED_PROMPT_CHARS`, if any. */
export function promptBudgetIssues(block: PromptBlock, index: number): BlockIssue[] {
  const bound = filledPromptBound(block);
  if (bound <= MAX_FILLED_PROMPT_CHARS) return [];
  const message = `prompt with its placeholders filled could reach ${bound} characters; at most ${MAX_FILLED_PROMPT_CHARS} are sent per block`;
  return [{ blockId: block.id, index, field: 'prompt', message }];
}
