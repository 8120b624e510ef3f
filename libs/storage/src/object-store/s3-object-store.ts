import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { awsPresigner, awsS3, awsUploads } from '../lazy-sdks.js';
import type { ObjectStore, PrefixPage, PutOptions, StoredObject } from '../ports/object-store.js';
import {
  encodeKeyPath,
  normalizeObjectKey,
  normalizeObjectPrefix,
  ObjectNotFoundError,
} from './object-key.js';

export interface S3ObjectStoreOptions {
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Cloudflare account id: the endpoint becomes `https://<account>.r2.cloudflarestorage.com`. */
  accountId?: string;
  /** Any S3 endpoint (MinIO, s3rver, AWS region endpoint); wins over `accountId`. */
  endpoint?: string;
  /** Default `auto` (R2); set the bucket's region for AWS. */
  region?: string;
  /** Path-style addressing, needed by MinIO and s3rver. */
  forcePathStyle?: boolean;
  /** Public base URL of the bucket (`R2_PUBLIC_URL`); download links then point there. */
  publicUrl?: string;
  /** Multipart part size in bytes (default 8 MiB, S3 minimum 5 MiB). */
  partSizeBytes?: number;
  /** Parts uploaded in parallel per upload (default 4); bounds memory to parts × part size. */
  uploadConcurrency?: number;
  /** Extra S3 client settings (retries, request handler…). */
  clientConfig?: Partial<S3ClientConfig>;
}

const DELETE_BATCH = 1000; // DeleteObjects accepts at most 1000 keys per call
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600; // SigV4 presigned URLs live at most 7 days

/** Object store on S3 or R2: streamed multipart uploads, presigned downloads, batched deletes. */
export class S3ObjectStore implements ObjectStore {
  readonly client: S3Client;
  private readonly bucket: string;

  constructor(private readonly options: S3ObjectStoreOptions) {
    this.bucket = options.bucket;
    const { S3Client } = awsS3();
    this.client = new S3Client({
      region: options.region ?? 'auto',
      endpoint:
        options.endpoint ??
        (options.accountId ? `https://${options.accountId}.r2.cloudflarestorage.com` : undefined),
      forcePathStyle: options.forcePathStyle,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      ...options.clientConfig,
    });
  }

  async putFile(key: string, filePath: string, options?: PutOptions): Promise<StoredObject> {
    const { size } = await stat(filePath);
    await this.upload(normalizeObjectKey(key), createReadStream(filePath), options);
    return { key: normalizeObjectKey(key), size };
  }

  async put(
    key: string,
    body: Uint8Array | string | Readable,
    options?: PutOptions,
  ): Promise<StoredObject> {
    const normalized = normalizeObjectKey(key);
    if (!(body instanceof Readable)) {
      await this.upload(normalized, body, options);
      return {
        key: normalized,
        size: typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength,
      };
    }
    const counter = new ByteCounter();
    // pipeline propagates errors of the source into the counter, which the upload reads.
    const piping = pipeline(body, counter);
    const uploading = this.upload(normalized, counter, options).catch((error: unknown) => {
      counter.destroy(error as Error); // stop reading the source when the upload gives up
      throw error;
    });
    await Promise.all([uploading, piping]);
    return { key: normalized, size: counter.bytes };
  }

  /** lib-storage's Upload: one PUT for small bodies, parallel multipart above the part size. */
  private async upload(
    key: string,
    body: Uint8Array | string | Readable,
    options?: PutOptions,
  ): Promise<void> {
    const { Upload } = awsUploads();
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: options?.contentType },
      partSize: this.options.partSizeBytes ?? 8 * 1024 * 1024,
      queueSize: this.options.uploadConcurrency ?? 4,
      leavePartsOnError: false,
    });
    await upload.done();
  }

  async getStream(key: string): Promise<Readable> {
    const normalized = normalizeObjectKey(key);
    try {
      const result = await this.client.send(
        new (awsS3().GetObjectCommand)({ Bucket: this.bucket, Key: normalized }),
      );
      return result.Body as Readable;
    } catch (error) {
      throw isNotFound(error) ? new ObjectNotFoundError(normalized) : error;
    }
  }

  async download(key: string, filePath: string): Promise<void> {
    await pipeline(await this.getStream(key), createWriteStream(filePath));
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(
        new (awsS3().HeadObjectCommand)({ Bucket: this.bucket, Key: normalizeObjectKey(key) }),
      );
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async list(prefix: string): Promise<StoredObject[]> {
    const found: StoredObject[] = [];
    for await (const page of this.pages(prefix)) found.push(...page);
    return found;
  }

  private async *pages(prefix: string): AsyncGenerator<StoredObject[]> {
    const pages = awsS3().paginateListObjectsV2(
      { client: this.client },
      { Bucket: this.bucket, Prefix: normalizeObjectPrefix(prefix) },
    );
    for await (const page of pages) {
      yield (page.Contents ?? []).map((o) => ({
        key: o.Key ?? '',
        size: o.Size ?? 0,
        lastModified: o.LastModified,
      }));
    }
  }

  async listPrefixes(prefix: string, limit: number, startAfter?: string): Promise<PrefixPage> {
    const found: string[] = [];
    let token: string | undefined;
    let more = true;
    while (more && found.length <= limit) {
      const page = await this.client.send(
        new (awsS3().ListObjectsV2Command)({
          Bucket: this.bucket,
          Prefix: normalizeObjectPrefix(prefix),
          Delimiter: '/',
          MaxKeys: limit + 1,
          StartAfter: token ? undefined : afterPrefix(startAfter),
          ContinuationToken: token,
        }),
      );
      found.push(...(page.CommonPrefixes ?? []).flatMap((p) => (p.Prefix ? [p.Prefix] : [])));
      token = page.NextContinuationToken;
      more = page.IsTruncated === true && token !== undefined;
    }
    const prefixes = found.slice(0, limit);
    const next = found.length > limit || more ? (prefixes.at(-1) ?? null) : null;
    return { prefixes, next };
  }

  /** Uploads in progress are not listed by S3; a multipart upload shows once it completes. */
  async newestWrite(prefix: string): Promise<Date | null> {
    let newest: Date | null = null;
    for await (const page of this.pages(prefix))
      for (const { lastModified } of page)
        if (lastModified && (!newest || lastModified > newest)) newest = lastModified;
    return newest;
  }

  async delete(key: string): Promise<void> {
    await this.client.send(
      new (awsS3().DeleteObjectCommand)({ Bucket: this.bucket, Key: normalizeObjectKey(key) }),
    );
  }

  async deletePrefix(prefix: string): Promise<number> {
    let batch: string[] = [];
    let deleted = 0;
    for await (const page of this.pages(prefix)) {
      batch.push(...page.map((o) => o.key));
      while (batch.length >= DELETE_BATCH) {
        deleted += await this.deleteBatch(batch.slice(0, DELETE_BATCH));
        batch = batch.slice(DELETE_BATCH);
      }
    }
    if (batch.length > 0) deleted += await this.deleteBatch(batch);
    return deleted;
  }

  private async deleteBatch(keys: string[]): Promise<number> {
    const result = await this.client.send(
      new (awsS3().DeleteObjectsCommand)({
        Bucket: this.bucket,
        Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
      }),
    );
    if (result.Errors?.length) {
      const first = result.Errors[0];
      throw new Error(
        `DeleteObjects failed for ${result.Errors.length} keys, e.g. ${first.Key}: ${first.Message}`,
      );
    }
    return keys.length;
  }

  async downloadUrl(key: string, expiresInSeconds: number, fileName?: string): Promise<string> {
    const normalized = normalizeObjectKey(key);
    const publicBase = this.publicBaseUrl();
    if (publicBase) return `${publicBase}/${encodeKeyPath(normalized)}`;
    const command = new (awsS3().GetObjectCommand)({
      Bucket: this.bucket,
      Key: normalized,
      ResponseContentDisposition: fileName ? contentDisposition(fileName) : undefined,
    });
    const expiresIn = Math.min(Math.max(Math.ceil(expiresInSeconds), 1), MAX_PRESIGN_SECONDS);
    return awsPresigner().getSignedUrl(this.client, command, { expiresIn });
  }

  publicBaseUrl(): string | null {
    return this.options.publicUrl ? this.options.publicUrl.replace(/\/+$/, '') : null;
  }

  async ping(): Promise<void> {
    await this.client.send(new (awsS3().HeadBucketCommand)({ Bucket: this.bucket }));
  }
}

/** Counts the bytes flowing through, so a streamed upload can report its size. */
class ByteCounter extends Transform {
  bytes = 0;
  override _transform(
    chunk: Buffer,
    _encoding: BufferEncoding,
    done: (error?: Error | null, data?: Buffer) => void,
  ) {
    this.bytes += chunk.length;
    done(null, chunk);
  }
}

/**
 * The listing position just past every key under `prefix` (which ends in `/`): S3 lists keys
 * after `StartAfter`, and `0` is the character right after `/`, so `a/b/…` keys are all skipped.
 */
function afterPrefix(prefix: string | undefined): string | undefined {
  if (!prefix) return undefined;
  const normalized = normalizeObjectPrefix(prefix);
  return normalized.endsWith('/') ? `${normalized.slice(0, -1)}0` : normalized;
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
