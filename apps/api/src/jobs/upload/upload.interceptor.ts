import os from 'node:os';
import {
  Injectable,
  mixin,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type Type,
} from '@nestjs/common';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import type multer from 'multer';
import { defer, finalize, mergeMap, type Observable } from 'rxjs';
import { checkFormFields, largestField, type FormFieldLimits } from './form-fields.js';
import { HashingDiskStorage, removeUploads } from './hashing-disk-storage.js';

/** Limits of every multipart request; the file size limit is set per app from MAX_UPLOAD_MB. */
export const uploadLimits = {
  fileSize: 512 * 1024 * 1024,
};

export function configureUploads(maxUploadBytes: number): void {
  uploadLimits.fileSize = maxUploadBytes;
}

/** Parser limits of one route: only as many fields as it knows, none larger than its largest. */
function routeLimits(files: string[], fields: FormFieldLimits): multer.Options['limits'] {
  const count = Object.keys(fields).length;
  return {
    fileSize: uploadLimits.fileSize,
    // One more than the route knows, so a stray field is refused by its name (checkFormFields)
    // rather than as a count; still never more than the largest field's size.
    fields: count + 1,
    fieldSize: largestField(fields),
    // Room for one duplicate file part too, so it is named "Unexpected file field".
    parts: files.length + count + 2,
  };
}

/**
 * Multipart parsing with uploads streamed to temp files (hashed on the way), never to memory.
 * `fields` are the route's text fields with their sizes (form-fields.ts): the parser buffers at
 * most the largest one per field and as many as the route knows; then every field is checked
 * against its own name and size, and the request's uploads are removed when one fails.
 */
export function uploadInterceptor(
  files: string[],
  fields: FormFieldLimits = {},
): Type<NestInterceptor> {
  const Multer = FileFieldsInterceptor(
    files.map((name) => ({ name, maxCount: 1 })),
    // A function of the request: read when the request comes, after configureUploads.
    {
      storage: new HashingDiskStorage(os.tmpdir()),
      limits: (() => routeLimits(files, fields)) as never,
    },
  );
  @Injectable()
  class CheckedUploadInterceptor implements NestInterceptor {
    private readonly multer = new Multer();

    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const req = context.switchToHttp().getRequest<UploadRequest>();
      const checked: CallHandler = {
        handle: () =>
          defer(async () => {
            try {
              // Urlencoded bodies have their own 1 MB cap (bootstrap.ts), and old clients may add
              // fields to them; multipart ones are held to the route's fields.
              if (req.is('multipart/form-data')) checkFormFields(req.body, fields, files);
            } catch (error) {
              await removeUploads(req.files);
              throw error;
            }
          }).pipe(mergeMap(() => next.handle())),
      };
      return this.multer.intercept(context, checked);
    }
  }
  return mixin(CheckedUploadInterceptor);
}

type UploadRequest = Request & { files?: Record<string, Express.Multer.File[]> };

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
