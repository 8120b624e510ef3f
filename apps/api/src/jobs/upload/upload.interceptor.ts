import os from 'node:os';
import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type Type,
} from '@nestjs/common';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import { finalize, type Observable } from 'rxjs';
import { HashingDiskStorage, removeUploads } from './hashing-disk-storage.js';

/** Limits of one multipart request; the file size limit is set per app from MAX_UPLOAD_MB. */
export const uploadLimits = {
  fileSize: 512 * 1024 * 1024,
  fields: 30,
  fieldSize: 64 * 1024 * 1024,
  parts: 40,
};

export function configureUploads(maxUploadBytes: number): void {
  uploadLimits.fileSize = maxUploadBytes;
}

/** Multipart parsing with uploads streamed to temp files (hashed on the way), never to memory. */
export function uploadInterceptor(fields: string[]): Type<NestInterceptor> {
  return FileFieldsInterceptor(
    fields.map((name) => ({ name, maxCount: 1 })),
    { storage: new HashingDiskStorage(os.tmpdir()), limits: uploadLimits },
  );
}

/** Deletes the request's temporary uploads once the handler is done, whatever happened. */
@Injectable()
export class CleanupUploadsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context
      .switchToHttp()
      .getRequest<Request & { files?: Record<string, Express.Multer.File[]> }>();
    return next.handle().pipe(finalize(() => void removeUploads(req.files)));
  }
}
