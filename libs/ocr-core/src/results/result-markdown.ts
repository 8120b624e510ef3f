import { cropName } from '@remote-ocr/contracts';
import type { BlockOutcome } from '../blocks/annotation-document.js';
import type { Block } from '../model/block.js';
import { firstJsonObject } from './json-extract.js';

/** result.md of a job without any text to show (docs/contract.md §5, byte for byte). */
export const EMPTY_RESULT_MD = '# OCR Results\n\nNo blocks to process.\n';

/** Where an IMAGE block's stored crop is. */
export interface ImageRef {
  uri: string;
  mimeType: string;
}

export interface ResultMarkdownInput {
  /** Document name for the IMAGE metadata (the job's `document_name`). */
  docName: string;
  blocks: readonly Block[];
  outcomes: Iterable<BlockOutcome>;
  /** The crop of an IMAGE block: key or URL. Default: `crops/image_<id>.pdf`, `application/pdf`. */
  imageRef?: (block: Block) => ImageRef;
  /** PDF text layer of IMAGE blocks by id; falls back to the block's `pdfplumber_text`. */
  textLayers?: ReadonlyMap<string, string>;
}

const defaultImageRef = (block: Block): ImageRef => ({
  uri: cropName(block.id),
  mimeType: 'application/pdf',
});

// A line that would read as a block boundary to anyone splitting result.md on these markers.
const MARKER_LINE =
  /^[ \t]*\[{2,3}[ \t]*BLOCK[ \t]*\\?_?[ \t]*ID[ \t]*:[^\]\n]*\]{2,3}[ \t]*(?:\n|$)/gimu;

/**
 * `result.md` (docs/contract.md §5). Blocks of all pages sorted by (page, top y), ties kept in input order;
 * failed blocks and empty texts skipped. Each block is `[[[BLOCK_ID: <id>]]]` (then a `readingNote` line when it has flags), a blank line, then
 * its text (TEXT/TABLE: verbatim, outer blank lines trimmed, stray marker lines removed) or
 * (IMAGE) a ```json fence with `doc_metadata`, `image`, `raw_pdfplumber_text`, `analysis`.
 * Blocks are separated by one blank line and the file ends with a single newline. With no block
 * to show, the result is exactly `EMPTY_RESULT_MD`.
 */
export function buildResultMarkdown(input: ResultMarkdownInput): string {
  const texts = new Map<string, string>();
  const notes = new Map<string, string>();
  for (const o of input.outcomes) {
    if (o.status !== 'done') continue;
    texts.set(o.blockId, o.text);
    const note = readingNote(o);
    if (note) notes.set(o.blockId, note);
  }
  const sections = sortForReading(input.blocks).flatMap((block) => {
    const text = (texts.get(block.id) ?? '')
      .replace(MARKER_LINE, '')
      .replace(/^\s*\n/, '')
      .trimEnd();
    if (text.trim() === '') return [];
    const body = block.block_type === 'image' ? imageBody(block, text, input) : text;
    const note = notes.get(block.id);
    return [`[[[BLOCK_ID: ${block.id}]]]\n${note ? `${note}\n` : ''}\n${body}`];
  });
  return sections.length === 0 ? EMPTY_RESULT_MD : `${sections.join('\n\n')}\n`;
}

/**
 * `<!-- ocr: confidence=0.86 flags=fuzzy_marker,resplit method=marker-fuzzy -->` after the
 * header of a block that has flags (docs/confidence.md): an HTML comment, so readers of the
 * original format, and markdown viewers, skip it. Blocks without flags get none.
 */
function readingNote(outcome: BlockOutcome): string | null {
  const flags = outcome.flags ?? [];
  if (flags.length === 0) return null;
  const confidence =
    typeof outcome.confidence === 'number' ? ` confidence=${outcome.confidence}` : '';
  const method = outcome.readMethod ? ` method=${outcome.readMethod}` : '';
  return `<!-- ocr:${confidence} flags=${flags.join(',')}${method} -->`;
}

/** Blocks by (page_index, top y of coords_norm); `Array.prototype.sort` is stable for ties. */
export function sortForReading<T extends Pick<Block, 'page_index' | 'coords_norm'>>(
  blocks: readonly T[],
): T[] {
  return [...blocks].sort(
    (a, b) => a.page_index - b.page_index || a.coords_norm[1] - b.coords_norm[1],
  );
}

function imageBody(block: Block, answer: string, input: ResultMarkdownInput): string {
  const ref = (input.imageRef ?? defaultImageRef)(block);
  const payload = {
    doc_metadata: {
      doc_name: input.docName,
      page: block.page_index + 1,
      operator_hint: block.hint ?? '',
    },
    image: { uri: ref.uri, mime_type: ref.mimeType },
    raw_pdfplumber_text: input.textLayers?.get(block.id) ?? block.pdfplumber_text ?? '',
    analysis: firstJsonObject(answer) ?? { raw_text: answer },
  };
  return `\`\`\`json\n${JSON.stringify(payload, null, 2)}\n\`\`\``;
}
