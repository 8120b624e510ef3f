import type { Block } from '../model/block.js';

/** A system + user message pair for one engine call. */
export interface PromptPair {
  system: string;
  user: string;
}

/** The block fields prompts read. */
export type PromptBlock = Pick<Block, 'id' | 'block_type' | 'page_index'> &
  Partial<Pick<Block, 'hint' | 'prompt'>>;
