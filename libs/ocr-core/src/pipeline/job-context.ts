import type { Block } from '../model/block.js';
import type { PdfSession } from '../ports/pdf-renderer.port.js';
import type { CheckpointBook } from './checkpoint-book.js';
import type { PipelineRun } from './pipeline-run.js';
import type { PipelineSettings, RunOcrJobOptions } from './pipeline.types.js';
import type { ProgressTracker } from './progress-tracker.js';

/** Everything the stages of one run share. */
export interface JobContext {
  options: RunOcrJobOptions;
  settings: PipelineSettings;
  blocks: ReadonlyMap<string, Block>;
  session: PdfSession;
  book: CheckpointBook;
  progress: ProgressTracker;
  run: PipelineRun;
  /**
   * Text layers of IMAGE blocks as their crops brought them, for the results
   * (`raw_pdfplumber_text`): only blocks this run did not crop are read again at the end.
   */
  imageTextLayers: Map<string, string>;
}

export function blockOf(ctx: JobContext, blockId: string): Block {
  const block = ctx.blocks.get(blockId);
  if (!block) throw new Error(`Unknown block ${blockId}`);
  return block;
}
