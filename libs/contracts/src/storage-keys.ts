import type { FileType } from './job-status.js';

/** Object keys of a job (docs/contract.md §5); the desktop client downloads by these keys. */
export const jobPrefix = (jobId: string): string => `ocr_jobs/${jobId}`;

export const JOB_OBJECT_NAMES = {
  pdf: 'document.pdf',
  blocks: 'blocks.json',
  annotation: 'annotation.json',
  result_md: 'result.md',
  result_zip: 'result.zip',
} as const satisfies Partial<Record<FileType, string>>;

export const cropName = (blockId: string): string => `crops/image_${blockId}.pdf`;

export const jobObjectKey = (jobId: string, name: string): string => `${jobPrefix(jobId)}/${name}`;
