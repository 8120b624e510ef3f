import {
  jobProgressFields,
  type CreatedJobAnswer,
  type FileType,
  type JobAnswer,
  type JobDetailsAnswer,
  type JobFileRecord,
  type JobRecord,
  type JobSettings,
} from '@remote-ocr/contracts';

/** `GET /jobs/{id}` (docs/contract.md §2); the answer types live in contracts/http-answers.ts. */
export function jobView(job: JobRecord): JobAnswer {
  return {
    id: job.id,
    client_id: job.clientId,
    document_id: job.documentId,
    document_name: job.documentName,
    task_name: job.taskName,
    status: job.status,
    progress: job.progress,
    engine: job.engine,
    r2_prefix: job.r2Prefix,
    error_message: job.errorMessage,
    created_at: job.createdAt.toISOString(),
    updated_at: job.updatedAt.toISOString(),
    ...jobProgressFields(job),
  };
}

/** Answer of `POST /jobs` and `POST /jobs/draft`. */
export function createdView(job: JobRecord): CreatedJobAnswer {
  const base: CreatedJobAnswer = {
    id: job.id,
    status: job.status,
    progress: job.progress,
    document_id: job.documentId,
    document_name: job.documentName,
    task_name: job.taskName,
  };
  return job.status === 'draft' ? { ...base, r2_prefix: job.r2Prefix } : base;
}

export const FILE_ICONS: Record<FileType, string> = {
  pdf: '📄',
  blocks: '📋',
  annotation: '📋',
  result_md: '📝',
  result_zip: '📦',
  crop: '🖼️',
};

export type BlockStats = JobDetailsAnswer['block_stats'];

/** `GET /jobs/{id}/details` (docs/contract.md §2). */
export function detailsView(
  job: JobRecord,
  stats: BlockStats,
  settings: JobSettings | null,
  files: JobFileRecord[],
  publicBase: string | null,
): JobDetailsAnswer {
  const prefix = `${job.r2Prefix}/`;
  return {
    ...jobView(job),
    block_stats: stats,
    job_settings: settings
      ? {
          text_model: settings.textModel,
          table_model: settings.tableModel,
          image_model: settings.imageModel,
        }
      : {},
    r2_base_url: publicBase ? `${publicBase.replace(/\/+$/, '')}/${job.r2Prefix}` : null,
    r2_files: files.map((f) => ({
      name: f.fileName,
      path: f.objectKey.startsWith(prefix) ? f.objectKey.slice(prefix.length) : f.objectKey,
      icon: FILE_ICONS[f.fileType],
      file_type: f.fileType,
      size: f.fileSize,
    })),
  };
}
