import type {
  BlockResultRecord,
  EngineName,
  JobFileRecord,
  JobRecord,
  JobSettings,
} from '@remote-ocr/contracts';
import type { BlockResultRow, JobFileRow, JobRow, JobSettingsRow } from '../postgres/db-schema.js';
import type { BlockResultInput, NewJob, TransitionPatch } from '../ports/job.repository.js';

type Timestamp = Date | string;

/**
 * Snake-case rows as both backends return them, derived from the one declaration of the tables
 * (postgres/db-schema.ts): dates arrive as Date from node-postgres and as ISO strings from
 * PostgREST, int8 as a string or a number, and columns added by later migrations may be missing.
 */
type Wire<T> = {
  [K in keyof T]: T[K] extends Date
    ? Timestamp
    : T[K] extends Date | null
      ? Timestamp | null
      : T[K];
};
type Loose<T, K extends keyof T> = Omit<T, K> & { [P in K]?: T[P] | null };

export type JobWireRow = Wire<JobRow>;
export type JobFileWireRow = Omit<Loose<Wire<JobFileRow>, 'run_attempt'>, 'id' | 'file_size'> & {
  file_size: number | string;
};
export type JobSettingsWireRow = Pick<JobSettingsRow, 'text_model' | 'table_model' | 'image_model'>;
export type BlockResultWireRow = Loose<
  Wire<BlockResultRow>,
  'read_method' | 'flags' | 'confidence' | 'cost_usd' | 'pages_billed' | 'wall_ms' | 'run_attempt'
>;

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
    objectKey: row.r2_key,
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

/**
 * Each (job, block, part) once, with its last row: one INSERT … ON CONFLICT may not touch a row
 * twice, and a later write of the same key wins, as it would in two statements.
 */
export function lastPerKey(results: readonly BlockResultInput[]): BlockResultInput[] {
  const byKey = new Map<string, BlockResultInput>();
  for (const r of results) {
    const key = `${r.jobId}\u0000${r.blockId}\u0000${r.part}`;
    byKey.delete(key);
    byKey.set(key, r);
  }
  return [...byKey.values()];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Job ids are uuid columns: anything else cannot exist, so lookups answer "not found" early. */
export const isJobId = (id: string): boolean => UUID.test(id);

/** Used when a list filter gives no limit; keeps one response bounded (PostgREST caps rows too). */
export const DEFAULT_JOB_LIST_LIMIT = 1000;
