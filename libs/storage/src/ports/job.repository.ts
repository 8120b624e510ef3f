import type { BlockStatsRepository } from './block-stats.repository.js';
import type {
  BlockResultRecord,
  EngineName,
  FileType,
  JobFileRecord,
  JobRecord,
  JobSettings,
  JobStatus,
} from '@remote-ocr/contracts';

export interface NewJob {
  id: string;
  clientId: string;
  documentId: string;
  documentName: string;
  taskName: string;
  status: Extract<JobStatus, 'draft' | 'queued'>;
  engine: EngineName;
  r2Prefix: string;
}

export interface JobListFilter {
  clientId?: string;
  documentId?: string;
  status?: JobStatus[];
  limit?: number;
  offset?: number;
}

/** Fields a status transition may set alongside the status. */
export interface TransitionPatch {
  progress?: number;
  errorMessage?: string | null;
  errorCode?: string | null;
  engine?: EngineName;
  startedAt?: Date | null;
  finishedAt?: Date | null;
  incrementAttempts?: boolean;
}

export interface ProgressPatch {
  progress: number;
  blocksTotal?: number;
  blocksDone?: number;
  blocksFailed?: number;
}

/**
 * Jobs table. `transition` is one atomic conditional update: it changes the status only when the
 * current status is one of `from`, and returns the updated job, or null when the guard failed
 * (so two racing requests cannot both win).
 */
export interface JobRepository {
  create(job: NewJob): Promise<JobRecord>;
  get(id: string): Promise<JobRecord | null>;
  list(filter: JobListFilter): Promise<JobRecord[]>;
  /** The same page as `list`, as the JSON array of `jobListItem`s (the `GET /jobs` answer). */
  listJson(filter: JobListFilter): Promise<string>;
  transition(
    id: string,
    from: readonly JobStatus[],
    to: JobStatus,
    patch?: TransitionPatch,
  ): Promise<JobRecord | null>;
  /** Writes progress only while the job is `processing`; returns false otherwise. */
  updateProgress(id: string, patch: ProgressPatch): Promise<boolean>;
  rename(id: string, taskName: string): Promise<JobRecord | null>;
  /** Deletes the job and (by cascade) its files, settings and block results. */
  delete(id: string): Promise<boolean>;
  countByStatus(): Promise<Record<JobStatus, number>>;
}

export interface JobFileRepository {
  add(file: NewJobFile): Promise<JobFileRecord>;
  list(jobId: string, types?: readonly FileType[]): Promise<JobFileRecord[]>;
  deleteByType(jobId: string, types: readonly FileType[]): Promise<number>;
}

export interface JobSettingsRepository {
  upsert(jobId: string, settings: JobSettings): Promise<void>;
  get(jobId: string): Promise<JobSettings | null>;
}

/**
 * `runAttempt`: the worker run writing (the job's `attempts` when it claimed the job). A write of a
 * run that is no longer current is refused with `StaleRunError` (run-fence.ts); api writes omit it.
 */
export type BlockResultInput = Omit<BlockResultRecord, 'updatedAt'> & { runAttempt?: number };

export type NewJobFile = Omit<JobFileRecord, 'createdAt'> & { runAttempt?: number };

export interface BlockResultRepository {
  upsert(result: BlockResultInput): Promise<void>;
  /**
   * Upserts several results in one statement (a strip's blocks): all land or none do. A key given
   * twice keeps its last row, as two `upsert` calls in that order would.
   */
  upsertMany(results: readonly BlockResultInput[]): Promise<void>;
  list(jobId: string): Promise<BlockResultRecord[]>;
  /** Removes failed checkpoints so a re-run redoes only those blocks; returns how many. */
  resetFailed(jobId: string): Promise<number>;
  /** Done blocks (part 0) carrying any of `flags` (docs/confidence.md). */
  countFlagged(jobId: string, flags: readonly string[]): Promise<number>;
  /**
   * Removes every checkpoint (all parts) of the done blocks carrying any of `flags`, so a re-run
   * reads them again; returns how many blocks.
   */
  resetFlagged(jobId: string, flags: readonly string[]): Promise<number>;
  resetAll(jobId: string): Promise<number>;
}

/** All repositories of one backend, plus its lifecycle. */
export interface JobStore {
  readonly jobs: JobRepository;
  readonly files: JobFileRepository;
  readonly settings: JobSettingsRepository;
  readonly blockResults: BlockResultRepository;
  readonly blockStats: BlockStatsRepository;
  /** Cheap round trip for readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
