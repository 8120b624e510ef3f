import { readFile } from 'node:fs/promises';
import { DomainError } from '@remote-ocr/contracts';
import { checkBlocksFileSize } from '@remote-ocr/server';
import type { HashedFile } from './hashing-disk-storage.js';

export type UploadFiles = Record<string, Express.Multer.File[] | undefined> | undefined;

export function requireFile(files: UploadFiles, field: string): HashedFile {
  const file = files?.[field]?.[0];
  if (!file) throw new DomainError('validation_failed', `Missing file field: ${field}`);
  return file as HashedFile;
}

export function optionalFile(files: UploadFiles, field: string): HashedFile | null {
  return (files?.[field]?.[0] as HashedFile | undefined) ?? null;
}

export async function readBlocksText(file: HashedFile): Promise<string> {
  checkBlocksFileSize(file.size);
  return readFile(file.path, 'utf8');
}

export function checkDocumentId(pdf: HashedFile, documentId: string): void {
  if (pdf.sha256 !== documentId.toLowerCase()) {
    throw new DomainError(
      'validation_failed',
      `document_id does not match the uploaded PDF (its SHA-256 is ${pdf.sha256})`,
    );
  }
}
