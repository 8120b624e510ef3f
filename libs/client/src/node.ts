import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, openAsBlob } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { OcrClient } from './ocr-client.js';

export * from './index.js';

/** A PDF ready to upload: a file-backed Blob (never the whole file in memory) and its SHA-256. */
export interface PreparedUpload {
  blob: Blob;
  /** SHA-256 hex, the `document_id` the server checks. */
  sha256: string;
  /** Removes the temporary copy of a streamed input; a no-op for paths and buffers. */
  dispose(): Promise<void>;
}

export type NodeUploadSource = string | Uint8Array | Readable | WebReadableStream<Uint8Array>;

const noop = (): Promise<void> => Promise.resolve();

/** Streams a file through SHA-256 without holding it in memory. */
async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/**
 * Prepares a PDF from a path, a Buffer or a stream. A stream is spooled to a temporary file,
 * hashed on the way: the server needs the document's SHA-256 before the upload starts, so a stream
 * must be read to its end first anyway, and a file keeps memory flat for huge drawings.
 */
export async function prepareUpload(
  source: NodeUploadSource,
  type = 'application/pdf',
): Promise<PreparedUpload> {
  if (typeof source === 'string') {
    return {
      blob: await openAsBlob(source, { type }),
      sha256: await hashFile(source),
      dispose: noop,
    };
  }
  if (source instanceof Uint8Array) {
    const sha256 = createHash('sha256').update(source).digest('hex');
    return { blob: new Blob([source.slice()], { type }), sha256, dispose: noop };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'remote-ocr-upload-'));
  const file = path.join(dir, 'upload.pdf');
  const hash = createHash('sha256');
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const input = source instanceof Readable ? source : Readable.fromWeb(source);
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    await pipeline(input, tap, createWriteStream(file));
    return { blob: await openAsBlob(file, { type }), sha256: hash.digest('hex'), dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** Downloads a job's result.zip to `file`, streaming (no whole zip in memory). */
export async function downloadResultToFile(
  client: OcrClient,
  id: string,
  file: string,
  signal?: AbortSignal,
): Promise<number> {
  const res = await client.openResult(id, signal);
  let size = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      done(null, chunk);
    },
  });
  const body = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
  await pipeline(body, count, createWriteStream(file), { signal });
  return size;
}
