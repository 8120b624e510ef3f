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
  r2Key: string;
  fileName: string;
  fileSize: number;
  createdAt: Date;
}

/** Checkpoint of one block (or one part of a split block) of a job. */
export interface BlockResultRecord {
  jobId: string;
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
  readMethod?: string | null;
  /** Flags of a done result; [] when none (and for results older than the flags). */
  flags?: string[];
  /** 0–1 for done results of this release, else null. */
  confidence?: number | null;
  /** The block's share of its engine call's cost (USD), pages billed and wall time (docs/costs.md). */
  costUsd?: number | null;
  pagesBilled?: number | null;
  wallMs?: number | null;
  updatedAt: Date;
}
