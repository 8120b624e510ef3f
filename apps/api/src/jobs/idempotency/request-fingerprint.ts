import { createHash } from 'node:crypto';
import type { Request } from 'express';
import type { HashedFile } from '../upload/hashing-disk-storage.js';

type UploadedFiles = Record<string, Express.Multer.File[] | undefined>;

/**
 * What makes two requests "the same" for an Idempotency-Key: method, path (it carries the job id
 * of a restart), every form field and the SHA-256 and size of every uploaded file, all in a stable
 * order. Files were hashed while they streamed to disk, so this costs no second read.
 */
export function requestFingerprint(req: Request): string {
  const fields = Object.entries((req.body ?? {}) as Record<string, unknown>)
    .map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)])
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const files = Object.entries((req.files ?? {}) as UploadedFiles)
    .flatMap(([field, list]) =>
      (list ?? []).map((f) => [field, (f as HashedFile).sha256 ?? '', String(f.size)]),
    )
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const canonical = JSON.stringify([req.method, req.path, fields, files]);
  return createHash('sha256').update(canonical).digest('hex');
}
