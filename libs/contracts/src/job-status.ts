/** Job lifecycle states (docs/contract.md §2). */
export const JOB_STATUSES = ['draft', 'queued', 'processing', 'done', 'error', 'paused'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Types of stored objects of a job (docs/contract.md §5), the `job_files.file_type` column. */
export const FILE_TYPES = [
  'pdf',
  'blocks',
  'annotation',
  'result_md',
  'result_zip',
  'crop',
] as const;
export type FileType = (typeof FILE_TYPES)[number];

/**
 * Engines a job can ask for (docs/contract.md §6). `auto`: the PDF's text layer where it is
 * reliable, the configured vision engine for the rest (docs/auto-engine.md).
 */
export const ENGINE_NAMES = ['openrouter', 'datalab', 'local', 'auto'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

export function isJobStatus(value: unknown): value is JobStatus {
  return typeof value === 'string' && (JOB_STATUSES as readonly string[]).includes(value);
}

export function isEngineName(value: unknown): value is EngineName {
  return typeof value === 'string' && (ENGINE_NAMES as readonly string[]).includes(value);
}
