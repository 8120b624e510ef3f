import type { Readable } from 'node:stream';

export interface PutOptions {
  contentType?: string;
}

export interface StoredObject {
  key: string;
  size: number;
  /** When the object was last written, where the listing reports it (both stores do). */
  lastModified?: Date;
}

/** One page of `listPrefixes`: child prefixes (each ending in `/`) and where the next starts. */
export interface PrefixPage {
  prefixes: string[];
  /** Pass as `startAfter` for the next page; null when this was the last one. */
  next: string | null;
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
  /**
   * The "directories" directly under `prefix` (which ends in `/`), in binary order, at most
   * `limit` of them after `startAfter` (a prefix from an earlier page).
   */
  listPrefixes(prefix: string, limit: number, startAfter?: string): Promise<PrefixPage>;
  /**
   * When the newest write under `prefix` happened, counting writes still in progress where the
   * store can see them (the disk store's `.partial` files); null when there is nothing under it.
   */
  newestWrite(prefix: string): Promise<Date | null>;
  delete(key: string): Promise<void>;
  /** Deletes every object under `prefix`; returns how many. */
  deletePrefix(prefix: string): Promise<number>;
  /** URL a client can GET without credentials, valid at least `expiresInSeconds`. */
  downloadUrl(key: string, expiresInSeconds: number, fileName?: string): Promise<string>;
  /** Public base URL (R2_PUBLIC_URL) or null. */
  publicBaseUrl(): string | null;
  ping(): Promise<void>;
}
