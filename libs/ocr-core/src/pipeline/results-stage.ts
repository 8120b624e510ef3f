import { cropName, JOB_OBJECT_NAMES } from '@remote-ocr/contracts';
import type { BlockOutcome } from '../blocks/annotation-document.js';
import type { Block } from '../model/block.js';
import type { ResultObject } from '../ports/pipeline.ports.js';
import { buildAnnotationJson } from '../results/annotation-json.js';
import { buildResultMarkdown } from '../results/result-markdown.js';
import { resultZipStream } from '../results/result-zip.js';
import { pageSizesFromBlocks } from './page-sizes.js';
import type { JobContext } from './job-context.js';

export type VectorCrop = { blockId: string; pdf: Uint8Array };

/**
 * docs/contract.md §4 step 6: result.md, annotation.json, the vector crops of IMAGE blocks and result.zip,
 * in upload order (crops first, the zip last). Built from the checkpoints, so blocks finished by
 * earlier runs are included. `crops` are every IMAGE block's vector crop, made alongside the OCR
 * by `vectorCrops` (they need only the PDF), so a resumed job still ships every one of them.
 */
export async function buildResults(
  ctx: JobContext,
  blocks: readonly Block[],
  pdfPath: string,
  crops: readonly VectorCrop[],
): Promise<ResultObject[]> {
  const inputs: ResultInputs = {
    blocks,
    outcomes: outcomesOf(ctx, blocks),
    documentName: ctx.options.documentName,
    cropUri: ctx.settings.cropUri,
    textLayers: await imageTextLayers(ctx, blocks),
  };
  const markdown = utf8(resultMarkdownFor(inputs));
  const annotation = utf8(annotationJsonFor(inputs));
  const zip = () =>
    resultZipStream({
      resultMd: markdown,
      annotationJson: annotation,
      documentPdf: pdfPath,
      crops,
    });
  return [
    ...crops.map((c) => object(cropName(c.blockId), 'crop', 'application/pdf', c.pdf)),
    object(JOB_OBJECT_NAMES.result_md, 'result_md', 'text/markdown; charset=utf-8', markdown),
    object(JOB_OBJECT_NAMES.annotation, 'annotation', 'application/json', annotation),
    object(JOB_OBJECT_NAMES.result_zip, 'result_zip', 'application/zip', zip),
  ];
}

/**
 * Every IMAGE block's vector crop, one after another. Started with the run: they need only the
 * PDF, so they are made while the engine reads instead of after its last answer (the 352-page
 * book's 200 crops were the last 2 s of its job; docs/rendering.md, "Where the time goes").
 */
export async function vectorCrops(
  ctx: JobContext,
  blocks: readonly Block[],
): Promise<VectorCrop[]> {
  const crops: VectorCrop[] = [];
  for (const block of blocks) {
    if (block.block_type !== 'image') continue;
    ctx.run.throwIfStopped();
    crops.push({ blockId: block.id, pdf: await ctx.session.vectorCrop(block) });
    // Let the run's own work (strips, engine answers) go first between two crops.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return crops;
}

/** IMAGE blocks' text layers: as this run's crops brought them, the others read now. */
async function imageTextLayers(
  ctx: JobContext,
  blocks: readonly Block[],
): Promise<ReadonlyMap<string, string>> {
  const layers = new Map<string, string>();
  const missing: Block[] = [];
  for (const block of blocks) {
    if (block.block_type !== 'image') continue;
    const known = ctx.imageTextLayers.get(block.id);
    if (known === undefined) missing.push(block);
    else layers.set(block.id, known);
  }
  if (missing.length > 0)
    for (const [id, text] of await ctx.session.textLayers(missing)) layers.set(id, text);
  return layers;
}

/** Every block's final outcome (part 0 of its checkpoints); blocks never run have none. */
function outcomesOf(ctx: JobContext, blocks: readonly Block[]): Map<string, BlockOutcome> {
  const outcomes = new Map<string, BlockOutcome>();
  for (const block of blocks) {
    const outcome = ctx.book.outcome(block.id);
    if (outcome) outcomes.set(block.id, outcome);
  }
  return outcomes;
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

const object = (
  name: string,
  fileType: ResultObject['fileType'],
  contentType: string,
  body: ResultObject['body'],
): ResultObject => ({ name, fileType, contentType, body });

interface ResultInputs {
  blocks: readonly Block[];
  outcomes: ReadonlyMap<string, BlockOutcome>;
  documentName: string;
  cropUri: (blockId: string) => string;
  textLayers: ReadonlyMap<string, string>;
}

function resultMarkdownFor(inputs: ResultInputs): string {
  return buildResultMarkdown({
    docName: inputs.documentName,
    blocks: inputs.blocks,
    outcomes: inputs.outcomes.values(),
    imageRef: (block) => ({ uri: inputs.cropUri(block.id), mimeType: 'application/pdf' }),
    textLayers: inputs.textLayers,
  });
}

function annotationJsonFor(inputs: ResultInputs): string {
  return buildAnnotationJson({
    blocks: inputs.blocks,
    outcomes: inputs.outcomes.values(),
    pageSizes: pageSizesFromBlocks(inputs.blocks),
  });
}
