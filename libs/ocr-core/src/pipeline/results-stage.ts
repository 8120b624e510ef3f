import { cropName, JOB_OBJECT_NAMES } from '@remote-ocr/contracts';
import { readFile } from 'node:fs/promises';
import type { BlockOutcome } from '../blocks/annotation-document.js';
import type { Block } from '../model/block.js';
import type { ResultObject } from '../ports/pipeline.ports.js';
import {
  annotationFor,
  resultMarkdownFor,
  resultZipFor,
  type ResultInputs,
} from './collaborators.js';
import type { JobContext } from './job-context.js';

/**
 * SPEC §4 step 6: result.md, annotation.json, the vector crops of IMAGE blocks and result.zip.
 * Built from the checkpoints, so blocks finished by earlier runs are included. Crops are made
 * here rather than during OCR so that a resumed job still ships every one of them.
 */
export async function buildResults(
  ctx: JobContext,
  blocks: readonly Block[],
  pdfPath: string,
): Promise<ResultObject[]> {
  const images = blocks.filter((b) => b.block_type === 'image');
  const inputs: ResultInputs = {
    blocks,
    outcomes: outcomesOf(ctx, blocks),
    documentName: ctx.options.documentName,
    cropUri: ctx.settings.cropUri,
    textLayers: images.length > 0 ? await ctx.session.textLayers(images) : new Map(),
  };
  const crops: ResultObject[] = [];
  for (const block of images) {
    ctx.run.throwIfStopped();
    crops.push(pdfObject(cropName(block.id), 'crop', await ctx.session.vectorCrop(block)));
  }
  const markdown = utf8(resultMarkdownFor(inputs));
  const annotation = utf8(JSON.stringify(annotationFor(inputs), null, 2));
  const zip = await resultZipFor([
    { name: JOB_OBJECT_NAMES.result_md, body: markdown },
    { name: JOB_OBJECT_NAMES.annotation, body: annotation },
    { name: JOB_OBJECT_NAMES.pdf, body: await readFile(pdfPath) },
    ...crops.map((c) => ({ name: c.name, body: c.body })),
  ]);
  return [
    ...crops,
    {
      name: JOB_OBJECT_NAMES.result_md,
      fileType: 'result_md',
      contentType: 'text/markdown; charset=utf-8',
      body: markdown,
    },
    {
      name: JOB_OBJECT_NAMES.annotation,
      fileType: 'annotation',
      contentType: 'application/json',
      body: annotation,
    },
    {
      name: JOB_OBJECT_NAMES.result_zip,
      fileType: 'result_zip',
      contentType: 'application/zip',
      body: zip,
    },
  ];
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

const pdfObject = (name: string, fileType: 'crop', body: Uint8Array): ResultObject => ({
  name,
  fileType,
  contentType: 'application/pdf',
  body,
});
