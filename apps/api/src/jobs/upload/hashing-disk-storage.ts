import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import { spendUpload } from './upload-budget.js';

/** A multer file written to disk by this engine, with its SHA-256 computed on the way. */
export interface HashedFile extends Express.Multer.File {
  sha256: string;
}

/**
 * Multer storage that streams each upload to a temporary file and hashes it in the same pass, so
 * the `document_id` check never needs the whole PDF in memory or a second read. Multer's own disk
 * storage cannot hash; this is the few lines it would take to wrap it.
 */
export class HashingDiskStorage implements StorageEngine {
  constructor(private readonly dir: string) {}

  _handleFile(
    req: Request,
    file: Express.Multer.File,
    cb: (error?: unknown, info?: Partial<HashedFile>) => void,
  ): void {
    const target = path.join(this.dir, `upload-${randomUUID()}`);
    const hash = createHash('sha256');
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        const over = spendUpload(req, chunk.length);
        if (over) return done(over);
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    const out = createWriteStream(target, { flags: 'wx' });
    pipeline(file.stream, tap, out).then(
      () =>
        cb(null, {
          path: target,
          size,
          sha256: hash.digest('hex'),
          filename: path.basename(target),
          destination: this.dir,
        }),
      (error: unknown) => {
        // After the file is closed: an upload cut at its first chunk fails while the file is still
        // being opened, and removing it before the open completes would leave it behind.
        const closed = out.closed ? Promise.resolve() : once(out, 'close');
        void closed
          .catch(() => undefined)
          .then(() => rm(target, { force: true }))
          .finally(() => cb(error));
      },
    );
  }

  _removeFile(_req: Request, file: Express.Multer.File, cb: (error: Error | null) => void): void {
    rm(file.path, { force: true }).then(
      () => cb(null),
      (error: unknown) => cb(error as Error),
    );
  }
}

/** Removes every temporary upload of a request; called whatever the outcome. */
export async function removeUploads(
  files: Record<string, Express.Multer.File[] | undefined> | undefined,
): Promise<void> {
  const all = Object.values(files ?? {}).flatMap((list) => list ?? []);
  await Promise.all(all.map((f) => rm(f.path, { force: true })));
}
