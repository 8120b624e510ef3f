/**
 * The pipeline's only contact with the prompt, parser and result modules: if their signatures
 * move, only this file changes.
 */
import JSZip from 'jszip';
import { buildAnnotationDocument, type BlockOutcome } from '../blocks/annotation-document.js';
import type { Block, OcrDocument } from '../model/block.js';
import { parseBatchAnswer } from '../parsing/batch-answer-parser.js';
import { blockMarker } from '../prompts/block-marker.js';
import { buildImagePrompt } from '../prompts/image-prompt.js';
import type { PromptPair } from '../prompts/prompt.types.js';
import { buildStripPrompt } from '../prompts/strip-prompt.js';
import type { StripBlock } from '../strips/strip.types.js';
import type { PartOutcome } from './block-outcomes.js';
import { pageSizesFromBlocks } from './page-sizes.js';

export const markerOf = (block: Block): string => blockMarker(block);

export function stripPromptFor(
  strip: ReadonlyArray<{ block: Block; item: StripBlock }>,
  documentName: string,
): PromptPair {
  const blocks = strip.map(({ block, item }) => ({
    block,
    marker: item.marker,
    index: item.index,
    textLayer: item.textLayer,
  }));
  return buildStripPrompt(blocks, { docName: documentName });
}

export function imagePromptFor(block: Block, documentName: string, textLayer: string): PromptPair {
  return buildImagePrompt(block, { docName: documentName, textLayer });
}

/** Splits a strip answer back into its blocks (one entry per block, failed ones with a reason). */
export function parseStripAnswerFor(
  answer: string,
  blocks: readonly StripBlock[],
): Array<PartOutcome & { blockId: string }> {
  return parseBatchAnswer(answer, blocks);
}

export interface ResultInputs {
  blocks: readonly Block[];
  outcomes: ReadonlyMap<string, BlockOutcome>;
  documentName: string;
  cropUri: (blockId: string) => string;
  textLayers: ReadonlyMap<string, string>;
}

/** TEMPORARY stand-in for results/. */
export function resultMarkdownFor(inputs: ResultInputs): string {
  const texts = inputs.blocks
    .map((b) => ({ id: b.id, o: inputs.outcomes.get(b.id) }))
    .filter(({ o }) => o?.status === 'done' && o.text !== '');
  if (texts.length === 0) return '# OCR Results\n\nNo blocks to process.\n';
  return texts.map(({ id, o }) => `[[[BLOCK_ID: ${id}]]]\n\n${o?.text ?? ''}\n`).join('\n');
}

export function annotationFor(inputs: ResultInputs): OcrDocument {
  return buildAnnotationDocument({
    blocks: inputs.blocks,
    outcomes: inputs.outcomes.values(),
    pageSizes: pageSizesFromBlocks(inputs.blocks),
  });
}

/** TEMPORARY stand-in for results/. */
export async function resultZipFor(
  files: ReadonlyArray<{ name: string; body: Uint8Array | string }>,
): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const file of files) zip.file(file.name, file.body);
  return zip.generateAsync({ type: 'uint8array' });
}
