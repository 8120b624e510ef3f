import type { BlockStatsRow } from '../ports/block-stats.repository.js';
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { EngineName, FileType, JobStatus } from '@remote-ocr/contracts';

/** Timestamps default in the database; pg returns them as Date. */
type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** pg returns int8 as a string to avoid precision loss; we accept numbers on write. */
type Int8 = ColumnType<string, number | bigint, number | bigint>;

/** The one declaration of each table's columns; row-mappers.ts derives the wire rows from it. */
export interface JobsTable {
  id: string;
  client_id: string;
  document_id: string;
  document_name: string;
  task_name: string;
  status: JobStatus;
  progress: Generated<number>;
  engine: EngineName;
  r2_prefix: string;
  error_message: string | null;
  error_code: string | null;
  blocks_total: Generated<number>;
  blocks_done: Generated<number>;
  blocks_failed: Generated<number>;
  attempts: Generated<number>;
  started_at: Date | null;
  finished_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface JobFilesTable {
  id: ColumnType<string, never, never>;
  job_id: string;
  file_type: FileType;
  r2_key: string;
  file_name: string;
  file_size: Int8;
  created_at: CreatedAt;
  run_attempt: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface JobSettingsTable {
  job_id: string;
  text_model: string;
  table_model: string;
  image_model: string;
  updated_at: UpdatedAt;
}

export interface BlockResultsTable {
  job_id: string;
  block_id: string;
  part: number;
  status: 'done' | 'failed';
  text: string;
  error: string | null;
  engine: string | null;
  model: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  read_method: string | null;
  flags: Generated<string[]>;
  confidence: number | null;
  cost_usd: number | null;
  pages_billed: number | null;
  wall_ms: number | null;
  updated_at: UpdatedAt;
  run_attempt: ColumnType<number | null, number | null | undefined, number | null>;
}

/** One engine call in the usage ledger (docs/costs.md). */
export interface EngineUsageTable {
  id: Generated<string>;
  job_id: string;
  client_id: string;
  engine: string;
  model: string | null;
  kind: 'strip' | 'image';
  blocks: number;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
  pages_billed: number | null;
  wall_ms: number;
  ok: boolean;
  created_at: CreatedAt;
}

export interface JobBudgetsTable {
  job_id: string;
  max_cost: number;
  updated_at: UpdatedAt;
}

/** The tables of `supabase/migrations`, as Kysely sees them. */
export interface Database {
  jobs: JobsTable;
  job_files: JobFilesTable;
  job_settings: JobSettingsTable;
  block_results: BlockResultsTable;
  job_block_stats: BlockStatsRow & { updated_at: UpdatedAt };
  engine_usage: EngineUsageTable;
  job_budgets: JobBudgetsTable;
}

export type JobRow = Selectable<JobsTable>;
export type NewJobRow = Insertable<JobsTable>;
export type JobFileRow = Selectable<JobFilesTable>;
export type BlockResultRow = Selectable<BlockResultsTable>;
export type JobSettingsRow = Selectable<JobSettingsTable>;
