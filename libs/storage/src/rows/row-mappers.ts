import type {
  BlockResultRecord,
  EngineName,
  FileType,
  JobFileRecord,
  JobRecord,
  JobSettings,
  JobStatus,
} from '@remote-ocr/contracts';
import type { BlockResultInput, NewJob, TransitionPatch } from '../ports/job.repository.js';

/** Dates arrive as Date from node-postgres and as ISO strings from PostgREST. */
type Timestamp = Date | string;
type Int8 = number | string;

/** Snake-case rows as both backends return them (the column names of the migrations). */
export interface JobWireRow {
  id: string;
  client_id: string;
  document_id: string;
  document_name: string;
  task_name: string;
  status: JobStatus;
  progress: number;
  engine: EngineName;
  r2_prefix: string;
  error_message: string | null;
  error_code: string | null;
  blocks_total: number;
  blocks_done: number;
  blocks_failed: number;
  attempts: number;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface JobFileWireRow {
  job_id: string;
  file_type: FileType;
  r2_key: string;
  file_name: string;
  file_size: Int8;
  created_at: Timestamp;
  /** The worker run that wrote the row (null: written by the api); see StaleRunError. */
  run_attempt?: number | null;
}

export interface JobSettingsWireRow {
  text_model: string;
  table_model: string;
  image_model: string;
}

export interface BlockResultWireRow {
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
  read_method?: string | null;
  flags?: string[] | null;
  confidence?: number | null;
  cost_usd?: number | null;
  pages_billed?: number | null;
  wall_ms?: number | null;
  updated_at: Timestamp;
  run_attempt?: number | null;
}

const toDate = (value: Timestamp): Date => (value instanceof Date ? value : new Date(value));
const toDateOrNull = (value: Timestamp | null): Date | null =>
  value === null ? null : toDate(value);

export function toJobRecord(row: JobWireRow): JobRecord {
  return {
    id: row.id,
    clientId: row.client_id,
    documentId: row.document_id,
    documentName: row.document_name,
    taskName: row.task_name,
    status: row.status,
    progress: Number(row.progress),
    engine: row.engine,
    r2Prefix: row.r2_prefix,
    errorMessage: row.error_message,
    errorCode: row.error_code,
    blocksTotal: row.blocks_total,
    blocksDone: row.blocks_done,
    blocksFailed: row.blocks_failed,
    attempts: row.attempts,
    startedAt: toDateOrNull(row.started_at),
    finishedAt: toDateOrNull(row.finished_at),
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

export function toJobFileRecord(row: JobFileWireRow): JobFileRecord {
  return {
    jobId: row.job_id,
    fileType: row.file_type,
    r2Key: row.r2_key,
    fileName: row.file_name,
    fileSize: Number(row.file_size),
    createdAt: toDate(row.created_at),
  };
}

export function toJobSettings(row: JobSettingsWireRow): JobSettings {
  return { textModel: row.text_model, tableModel: row.table_model, imageModel: row.image_model };
}

export function toBlockResultRecord(row: BlockResultWireRow): BlockResultRecord {
  return {
    jobId: row.job_id,
    blockId: row.block_id,
    part: row.part,
    status: row.status,
    text: row.text,
    error: row.error,
    engine: row.engine,
    model: row.model,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    readMethod: row.read_method ?? null,
    flags: row.flags ?? [],
    confidence: row.confidence ?? null,
    costUsd: row.cost_usd ?? null,
    pagesBilled: row.pages_billed ?? null,
    wallMs: row.wall_ms ?? null,
    updatedAt: toDate(row.updated_at),
  };
}

/** Insert values of a new job (the rest default in the database). */
export function newJobValues(job: NewJob) {
  return {
    id: job.id,
    client_id: job.clientId,
    document_id: job.documentId,
    document_name: job.documentName,
    task_name: job.taskName,
    status: job.status,
    engine: job.engine,
    r2_prefix: job.r2Prefix,
  };
}

/** Column values a transition patch sets; `attempts` is left to each backend (it increments). */
export function transitionValues(patch: TransitionPatch) {
  const values: {
    progress?: number;
    error_message?: string | null;
    error_code?: string | null;
    engine?: EngineName;
    started_at?: Date | null;
    finished_at?: Date | null;
  } = {};
  if (patch.progress !== undefined) values.progress = patch.progress;
  if (patch.errorMessage !== undefined) values.error_message = patch.errorMessage;
  if (patch.errorCode !== undefined) values.error_code = patch.errorCode;
  if (patch.engine !== undefined) values.engine = patch.engine;
  if (patch.startedAt !== undefined) values.started_at = patch.startedAt;
  if (patch.finishedAt !== undefined) values.finished_at = patch.finishedAt;
  return values;
}

export function settingsValues(jobId: string, settings: JobSettings) {
  return {
    job_id: jobId,
    text_model: settings.textModel,
    table_model: settings.tableModel,
    image_model: settings.imageModel,
  };
}

export function blockResultValues(result: BlockResultInput) {
  return {
    job_id: result.jobId,
    block_id: result.blockId,
    part: result.part,
    status: result.status,
    text: result.text,
    error: result.error,
    engine: result.engine,
    model: result.model,
    input_tokens: result.inputTokens,
    output_tokens: result.outputTokens,
    read_method: result.readMethod ?? null,
    flags: result.flags ?? [],
    confidence: result.confidence ?? null,
    cost_usd: result.costUsd ?? null,
    pages_billed: result.pagesBilled ?? null,
    wall_ms: result.wallMs ?? null,
    run_attempt: result.runAttempt ?? null,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Job ids are uuid columns: anything else cannot exist, so lookups answer "not found" early. */
export const isJobId = (id: string): boolean => UUID.test(id);

/** Used when a list filter gives no limit; keeps one response bounded (PostgREST caps rows too). */
export const DEFAULT_JOB_LIST_LIMIT = 1000;
