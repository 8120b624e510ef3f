/**
 * The pipeline's only contact with the prompt, parser and result modules: if their signatures
 * move, only this file changes.
 * TEMPORARY: minimal stand-ins until prompts/, parsing/ and results/ land.
 */
import JSZip from 'jszip';
import type { Block } from '../model/block.js';
import type { StripBlock } from '../strips/strip.types.js';
import type { BlockOutcome } from './pipeline.types.js';

export interface Prompt {
  system: string;
  user: string;
}

export function markerOf(block: Block): string {
  const hex = block.id
    .replace(/[^0-9a-z]/gi, '')
    .toUpperCase()
    .padEnd(11, '0');
  return `${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 11)}`;
}

export function stripPromptFor(blocks: readonly Block[]): Prompt {
  return { system: 'OCR', user: `Read ${blocks.length} blocks as [N] text` };
}

export function imagePromptFor(block: Block, documentName: string, textLayer: string): Prompt {
  return { system: 'Analyse', user: `${documentName} ${block.id} ${textLayer}` };
}

export function parseStripAnswerFor(
  answer: string,
  blocks: readonly StripBlock[],
): Array<BlockOutcome & { blockId: string }> {
  const pieces = answer.split(/^\[(\d+)\]\s*/m);
  const byIndex = new Map<number, string>();
  for (let i = 1; i + 1 < pieces.length; i += 2)
    byIndex.set(Number(pieces[i]), pieces[i + 1].trim());
  if (byIndex.size === 0) {
    return blocks.map((b, i) =>
      i === 0
        ? { blockId: b.blockId, status: 'done', text: answer.trim() }
        : { blockId: b.blockId, status: 'failed', text: '', error: 'no marker' },
    );
  }
  return blocks.map((b) => {
    const text = byIndex.get(b.index);
    return text === undefined
      ? { blockId: b.blockId, status: 'failed', text: '', error: 'missing' }
      : { blockId: b.blockId, status: 'done', text };
  });
}

export interface ResultInputs {
  blocks: readonly Block[];
  documentName: string;
  cropUri: (blockId: string) => string;
  textLayers: ReadonlyMap<string, string>;
}

export function resultMarkdownFor(inputs: ResultInputs): string {
  const withText = inputs.blocks.filter((b) => (b.ocr_text ?? '') !== '');
  if (withText.length === 0) return '# OCR Results\n\nNo blocks to process.\n';
  return withText.map((b) => `[[[BLOCK_ID: ${b.id}]]]\n\n${b.ocr_text ?? ''}\n`).join('\n');
}

export function annotationFor(inputs: ResultInputs, pdfPath: string): unknown {
  return {
    pdf_path: pdfPath,
    pages: [{ page_number: 0, width: 1, height: 1, blocks: inputs.blocks }],
  };
}

export async function resultZipFor(
  files: ReadonlyArray<{ name: string; body: Uint8Array | string }>,
): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const file of files) zip.file(file.name, file.body);
  return zip.generateAsync({ type: 'uint8array' });
}
