import type { OcrEngine } from '../ports/ocr-engine.port.js';
import type { PriceTable } from '../usage/price-table.js';
import type { SpendLimits } from '../usage/spend-limit.js';
import type { UsageMeter } from '../usage/usage.types.js';
import type { PdfRenderer } from '../ports/pdf-renderer.port.js';
import type {
  CheckpointStore,
  JobSource,
  ProgressReporter,
  ResultSink,
} from '../ports/pipeline.ports.js';

/** Kind of engine call: a strip of TEXT/TABLE blocks, or one IMAGE block. */
export type CallKind = 'strip' | 'image';

/** One engine for every call, or one per kind (e.g. a cheap OCR model for strips). */
export type EngineChoice = OcrEngine | Readonly<Record<CallKind, OcrEngine>>;

/** Per-job model names (`job_settings`); empty strings mean "not set". */
export interface JobModels {
  text_model?: string | null;
  table_model?: string | null;
  image_model?: string | null;
  /** The server's default model, used when the job names none (engines have their own too). */
  default?: string | null;
}

/** Tunables of one run; every field has a default from docs/contract.md §4 (see `DEFAULT_PIPELINE_SETTINGS`). */
export interface PipelineSettings {
  /** Render resolution of crops (300). */
  dpi: number;
  /** Padding around each crop in px (5). */
  paddingPx: number;
  /** Strip height limit (9000), further capped by the strip engine's `maxStripHeight`. */
  stripMaxHeight: number;
  /** Strip width limit; wider crops are scaled down (4000). */
  stripMaxWidth: number;
  /** Overlap of the windows a tall block is split into (100). */
  overlapPx: number;
  /** Engine calls in flight at once (4). */
  concurrency: number;
  /** Rendered strips/images waiting for an engine slot (2): bounds memory on long jobs. */
  readAhead: number;
  /** Longest side of an IMAGE crop in px (4000): larger blocks render below 300 DPI. */
  imageMaxSide: number;
  /**
   * Re-sends of uncertain strip blocks a job may make, per TEXT/TABLE block it runs (1): each
   * re-send is one engine call for a smaller strip (docs/confidence.md).
   */
  resendsPerBlock: number;
  /** URI of an IMAGE block's stored crop, written into result.md (default: its object name). */
  cropUri: (blockId: string) => string;
}

export interface RunOcrJobOptions {
  engine: EngineChoice;
  renderer: PdfRenderer;
  source: JobSource;
  sink: ResultSink;
  checkpoints: CheckpointStore;
  progress?: ProgressReporter;
  /** Pause, delete and time limits abort through this; the run throws `job_cancelled`. */
  signal?: AbortSignal;
  documentName: string;
  models?: JobModels;
  settings?: Partial<PipelineSettings>;
  /** Receives every engine call's usage (docs/costs.md). */
  usage?: UsageMeter;
  /** Prices for calls whose engine reports no cost, and for the estimate of the next call. */
  prices?: PriceTable;
  /** Caps checked before each engine call; a call that would pass one ends the run `budget_exceeded`. */
  spendLimits?: SpendLimits;
}

/** What a finished run reports (the job ends `done`; `errorMessage` set when blocks failed). */
export interface OcrJobSummary {
  blocksTotal: number;
  done: number;
  failed: number;
  /** Engine calls made by this run (not counting blocks skipped as already done). */
  engineCalls: number;
  /** Of those, re-sends of strips whose answers could not be split with certainty. */
  resendCalls: number;
  /** E.g. `3 of 120 blocks failed`; null when every block is done. */
  errorMessage: string | null;
}
