import type { Readable } from 'node:stream';
import type { Block } from '../model/block.js';
import type { BlockResultFields } from '@remote-ocr/contracts';

/** Where a job's inputs come from (the object store in the worker; memory or disk in the CLI). */
export interface JobSource {
  /** Local filesystem path of the job's PDF (the adapter downloads it to a temp file if needed). */
  fetchPdf(): Promise<string>;
  fetchBlocks(): Promise<Block[]>;
}

export interface ResultObject {
  /** Name relative to the job prefix, e.g. `result.md`, `crops/image_<id>.pdf`. */
  name: string;
  fileType: 'annotation' | 'result_md' | 'result_zip' | 'crop';
  contentType: string;
  /**
   * The bytes, or for big objects (result.zip holds the whole PDF) a function giving a fresh
   * stream of them: called by the sink when it writes, again if it retries.
   */
  body: Uint8Array | (() => Readable);
}

/** The object's bytes as a stream or a buffer, whichever it has (for sinks). */
export const resultBody = (object: ResultObject): Uint8Array | Readable =>
  typeof object.body === 'function' ? object.body() : object.body;

/** Where results go. */
export interface ResultSink {
  put(object: ResultObject): Promise<void>;
}

/** Checkpoint of one block, or one part of a block split for height (`part` ≥ 0). */
export type BlockCheckpoint = Pick<BlockResultFields, 'blockId' | 'part' | 'status' | 'text'> & {
  [K in Exclude<keyof BlockResultFields, 'blockId' | 'part' | 'status' | 'text'>]?:
    BlockResultFields[K] | null;
};

/** Stores every block result the moment it arrives, so resumes skip finished blocks. */
export interface CheckpointStore {
  list(): Promise<BlockCheckpoint[]>;
  save(checkpoint: BlockCheckpoint): Promise<void>;
}

export interface ProgressUpdate {
  progress: number;
  blocksTotal: number;
  blocksDone: number;
  blocksFailed: number;
  stage: 'fetch' | 'crop' | 'ocr' | 'results' | 'upload' | 'done';
}

export interface ProgressReporter {
  report(update: ProgressUpdate): void;
}
