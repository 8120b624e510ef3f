import type { EngineName } from '@remote-ocr/contracts';
import type { UploadProgress, UploadSource } from './upload.js';

/** Fields of `POST /jobs` and `POST /jobs/draft`, in camelCase. */
export interface JobFields {
  clientId: string;
  documentName: string;
  /** SHA-256 hex of the PDF; computed from `pdf` when omitted. */
  documentId?: string;
  taskName?: string;
  engine?: EngineName;
  textModel?: string;
  tableModel?: string;
  imageModel?: string;
  /** Sent as `callback_url` (a webhook for this job), on servers that offer webhooks. */
  callbackUrl?: string;
  /** Sent as `max_cost`: the job's spending cap in USD (servers with costs, docs/costs.md). */
  maxCost?: number;
}

export interface CreateJobInput extends JobFields {
  pdf: UploadSource;
  /** The blocks: an array, a Document, or its JSON text/file. */
  blocks: unknown;
}

export interface CreateDraftInput extends JobFields {
  pdf: UploadSource;
  /** The Document (docs/contract.md §3) or its JSON text. */
  annotation: unknown;
}

/** Options of the creating calls. */
export interface CreateOptions {
  /** Defaults to a fresh random key, so retries after a network error never make a second job. */
  idempotencyKey?: string;
  onUploadProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

export interface ModelFields {
  engine?: EngineName;
  textModel?: string;
  tableModel?: string;
  imageModel?: string;
  /** Sent as `max_cost` (servers with costs). */
  maxCost?: number;
}

const FIELD_NAMES: Record<keyof JobFields, string> = {
  clientId: 'client_id',
  documentName: 'document_name',
  documentId: 'document_id',
  taskName: 'task_name',
  engine: 'engine',
  textModel: 'text_model',
  tableModel: 'table_model',
  imageModel: 'image_model',
  callbackUrl: 'callback_url',
  maxCost: 'max_cost',
};

/** Writes the non-empty fields into a form, under their wire names. */
export function setFields(form: FormData, fields: Partial<JobFields>): void {
  for (const [name, wire] of Object.entries(FIELD_NAMES)) {
    const value = fields[name as keyof JobFields];
    if (value !== undefined && value !== '') form.set(wire, String(value));
  }
}

/** JSON text of blocks or a Document; Blobs and strings pass as they are. */
export function jsonPart(value: unknown): Blob {
  if (value instanceof Blob) return value;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return new Blob([text], { type: 'application/json' });
}
