import type { Readable } from 'node:stream';
/**
 * The pipeline's only contact with the prompt, parser and result modules: if their signatures
 * move, only this file changes.
 */
import type { BlockOutcome } from '../blocks/annotation-document.js';
import type { Block } from '../model/block.js';
import { blockMarker } from '../prompts/block-marker.js';
import { buildImagePrompt } from '../prompts/image-prompt.js';
import type { PromptPair } from '../prompts/prompt.types.js';
import { buildStripPrompt } from '../prompts/strip-prompt.js';
import { buildAnnotationJson } from '../results/annotation-json.js';
import { buildResultMarkdown } from '../results/result-markdown.js';
import { resultZipStream, type ResultZipParts } from '../results/result-zip.js';
import type { StripBlock } from '../strips/strip.types.js';
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

export interface ResultInputs {
  blocks: readonly Block[];
  outcomes: ReadonlyMap<string, BlockOutcome>;
  documentName: string;
  cropUri: (blockId: string) => string;
  textLayers: ReadonlyMap<string, string>;
}

export function resultMarkdownFor(inputs: ResultInputs): string {
  return buildResultMarkdown({
    docName: inputs.documentName,
    blocks: inputs.blocks,
    outcomes: inputs.outcomes.values(),
    imageRef: (block) => ({ uri: inputs.cropUri(block.id), mimeType: 'application/pdf' }),
    textLayers: inputs.textLayers,
  });
}

export function annotationJsonFor(inputs: ResultInputs): string {
  return buildAnnotationJson({
    blocks: inputs.blocks,
    outcomes: inputs.outcomes.values(),
    pageSizes: pageSizesFromBlocks(inputs.blocks),
  });
}

export const resultZipFor = (parts: ResultZipParts): Readable => resultZipStream(parts);
