import type { Readable } from 'node:stream';

export interface PutOptions {
  contentType?: string;
}

export interface StoredObject {
  key: string;
  size: number;
}

/** Object storage (S3/R2 or local disk). Keys are `/`-separated, relative, never absolute. */
export interface ObjectStore {
  /** Streams a local file to `key` (multipart for large files). */
  putFile(key: string, filePath: string, options?: PutOptions): Promise<StoredObject>;
  put(
    key: string,
    body: Uint8Array | string | Readable,
    options?: PutOptions,
  ): Promise<StoredObject>;
  getStream(key: string): Promise<Readable>;
  /** Downloads `key` to a local file path. */
  download(key: string, filePath: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  list(prefix: string): Promise<StoredObject[]>;
  delete(key: string): Promise<void>;
  /** Deletes every object under `prefix`; returns how many. */
  deletePrefix(prefix: string): Promise<number>;
  /** URL a client can GET without credentials, valid at least `expiresInSeconds`. */
  downloadUrl(key: string, expiresInSeconds: number, fileName?: string): Promise<string>;
  /** Public base URL (R2_PUBLIC_URL) or null. */
  publicBaseUrl(): string | null;
  ping(): Promise<void>;
}
