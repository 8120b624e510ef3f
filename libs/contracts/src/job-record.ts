import type { EngineName, FileType, JobStatus } from './job-status.js';

/** A job row as the repositories return it. Dates are `Date`; the api renders ISO-8601 with `Z`. */
export interface JobRecord {
  id: string;
  clientId: string;
  documentId: string;
  documentName: string;
  taskName: string;
  status: JobStatus;
  progress: number;
  engine: EngineName;
  r2Prefix: string;
  errorMessage: string | null;
  errorCode: string | null;
  blocksTotal: number;
  blocksDone: number;
  blocksFailed: number;
  attempts: number;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface JobSettings {
  textModel: string;
  tableModel: string;
  imageModel: string;
}

export interface JobFileRecord {
  jobId: string;
  fileType: FileType;
  objectKey: string;
  fileName: string;
  fileSize: number;
  createdAt: Date;
}

/**
 * The result of one block (or one part of a split block): the one declaration of its fields. The
 * pipeline's checkpoint (ocr-core `BlockCheckpoint`) and the stored record below are made from it.
 */
export interface BlockResultFields {
  blockId: string;
  part: number;
  status: 'done' | 'failed';
  text: string;
  error: string | null;
  engine: string | null;
  model: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  /** How a done text was read (`marker`, `marker-fuzzy`, `index`, `single`; docs/confidence.md). */
  readMethod: string | null;
  /** Flags of a done result (`fuzzy_marker`, `resplit`, `text_layer_mismatch`, …); [] when none. */
  flags: string[];
  /** 0–1, from the method and the flags (docs/confidence.md); null for failed results. */
  confidence: number | null;
}

/** Fields of a block result that older rows and checkpoints may lack. */
export type BlockResultExtras = 'readMethod' | 'flags' | 'confidence';

/** Checkpoint of one block as stored (results older than the extras lack them). */
export type BlockResultRecord = Omit<BlockResultFields, BlockResultExtras> &
  Partial<Pick<BlockResultFields, BlockResultExtras>> & { jobId: string; updatedAt: Date };
