import { DomainError } from '@remote-ocr/contracts';
import { MAX_BLOCKS_FILE_BYTES } from '@remote-ocr/server';

/**
 * The text fields one multipart route accepts, each with its own size in bytes (UTF-8: up to four
 * bytes per character of the DTO's `MaxLength`). A field a route does not know is refused with
 * 400, and the parser never buffers more than the route's largest field (docs/security.md).
 */
export type FormFieldLimits = Readonly<Record<string, number>>;

const chars = (n: number): number => n * 4;

const MODEL_FIELDS: FormFieldLimits = {
  engine: 64,
  text_model: chars(200),
  table_model: chars(200),
  image_model: chars(200),
  // Spending cap in USD (docs/costs.md).
  max_cost: 32,
};

const DOCUMENT_FIELDS: FormFieldLimits = {
  ...MODEL_FIELDS,
  client_id: chars(200),
  document_id: 128,
  document_name: chars(500),
  task_name: chars(500),
  // Where the job's webhooks go (docs/webhooks.md).
  callback_url: chars(2048),
};

/** `POST /jobs` (files `pdf`, `blocks_file`). */
export const CREATE_JOB_FIELDS = DOCUMENT_FIELDS;
/** `POST /jobs/draft` (file `pdf`): the annotation is as large as a blocks file may be. */
export const CREATE_DRAFT_FIELDS: FormFieldLimits = {
  ...DOCUMENT_FIELDS,
  annotation_json: MAX_BLOCKS_FILE_BYTES,
};
/** `POST /jobs/{id}/start`. */
export const START_JOB_FIELDS: FormFieldLimits = { ...MODEL_FIELDS, dry_run: 8 };
/** `PATCH /jobs/{id}`. */
export const RENAME_JOB_FIELDS: FormFieldLimits = { task_name: chars(500) };
/** `POST /jobs/{id}/restart` (file `blocks_file`). */
export const RESTART_JOB_FIELDS: FormFieldLimits = { max_cost: 32 };
/** `POST /jobs/{id}/resume`. */
export const RESUME_JOB_FIELDS: FormFieldLimits = { max_cost: 32 };

/** Largest single field of a route: what the multipart parser may buffer for any one field. */
export function largestField(fields: FormFieldLimits): number {
  return Math.max(1, ...Object.values(fields));
}

/**
 * Refuses fields the route does not know and fields over their own size (400 / 413). A text field
 * named like one of the route's `files` is left to the handler ("Missing file field: pdf").
 */
export function checkFormFields(
  body: unknown,
  fields: FormFieldLimits,
  files: readonly string[] = [],
): void {
  if (typeof body !== 'object' || body === null) return;
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (files.includes(name)) continue;
    const limit = Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (limit === undefined)
      throw new DomainError('validation_failed', `Unknown form field: ${name.slice(0, 100)}`);
    const values = Array.isArray(value) ? value : [value];
    const size = values.reduce<number>((n, v) => n + Buffer.byteLength(String(v)), 0);
    if (size > limit)
      throw new DomainError(
        'payload_too_large',
        `Form field ${name} is larger than ${limit} bytes`,
      );
  }
}
