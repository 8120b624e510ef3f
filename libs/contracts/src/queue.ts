import { IsIn, IsOptional, IsUUID, validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { DomainError } from './errors.js';

/** The one queue of OCR jobs; BullMQ job id = our job id. */
export const OCR_QUEUE = 'ocr-jobs';
export const OCR_JOB_NAME = 'ocr';

export const OCR_RUN_MODES = ['full', 'failed-only'] as const;
export type OcrRunMode = (typeof OCR_RUN_MODES)[number];

/** Payload of an OCR queue job. Validated when enqueued and again when consumed. */
export class OcrJobPayload {
  @IsUUID()
  jobId!: string;

  /** `failed-only` re-runs the blocks whose checkpoint failed (POST /jobs/{id}/retry-failed). */
  @IsOptional()
  @IsIn(OCR_RUN_MODES)
  mode?: OcrRunMode;
}

/**
 * Fields older versions wrote that nothing reads any more: dropped before validation, so jobs an
 * old version left queued in Redis still run after an upgrade.
 */
const RETIRED_FIELDS = ['requestId'];

export function parseOcrJobPayload(data: unknown): OcrJobPayload {
  const plain = typeof data === 'object' && data !== null ? { ...data } : (data ?? {});
  for (const field of RETIRED_FIELDS) delete (plain as Record<string, unknown>)[field];
  const payload = plainToInstance(OcrJobPayload, plain);
  const errors = validateSync(payload, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    const why = errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; ');
    throw new DomainError('validation_failed', `Invalid OCR job payload: ${why}`);
  }
  return payload;
}

/** Default BullMQ job options for OCR jobs: the processor checkpoints, so retries are cheap. */
export const OCR_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 5000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
} as const;
