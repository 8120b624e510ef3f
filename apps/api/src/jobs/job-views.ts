import {
  etaSeconds,
  type FileType,
  type JobFileRecord,
  type JobRecord,
  type JobSettings,
} from '@remote-ocr/contracts';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** Extra fields old clients ignore: block counters and an estimate of the time left. */
function progressExtras(job: JobRecord, now = Date.now()) {
  return {
    blocks_total: job.blocksTotal,
    blocks_done: job.blocksDone,
    blocks_failed: job.blocksFailed,
    eta_seconds: etaSeconds(job, now),
  };
}

/** `GET /jobs/{id}` (docs/contract.md §2). */
export function jobView(job: JobRecord) {
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
    // Machine code of the error or pause reason, e.g. `budget_exceeded` (docs/costs.md).
    error_code: job.errorCode,
    created_at: iso(job.createdAt),
    updated_at: iso(job.updatedAt),
    ...progressExtras(job),
  };
}

/** Answer of `POST /jobs` and `POST /jobs/draft`. */
export function createdView(job: JobRecord) {
  const base = {
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

export interface BlockStats {
  total: number;
  text: number;
  table: number;
  image: number;
  grouped: number;
}

/** `GET /jobs/{id}/details` (docs/contract.md §2). */
export function detailsView(
  job: JobRecord,
  stats: BlockStats,
  settings: JobSettings | null,
  files: JobFileRecord[],
  publicBase: string | null,
) {
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
      path: f.r2Key.startsWith(prefix) ? f.r2Key.slice(prefix.length) : f.r2Key,
      icon: FILE_ICONS[f.fileType],
      file_type: f.fileType,
      size: f.fileSize,
    })),
  };
}
