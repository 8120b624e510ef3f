import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import {
  copyFile,
  mkdir,
  open,
  readdir,
  rename,
  rm,
  rmdir,
  stat,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ObjectStore, PrefixPage, PutOptions, StoredObject } from '../ports/object-store.js';
import { signDownload } from './download-signature.js';
import {
  encodeKeyPath,
  normalizeObjectKey,
  normalizeObjectPrefix,
  ObjectNotFoundError,
} from './object-key.js';

export interface DiskObjectStoreOptions {
  /** Directory holding the objects (`REMOTE_OCR_DATA_DIR/...`); created on demand. */
  root: string;
  /** Base URL of the api serving `/files/<key>` (e.g. `http://localhost:3000`). */
  baseUrl: string;
  /** Secret for signing download links; the api verifies with `verifyDownloadSignature`. */
  secret: string;
}

// In-progress writes: hidden siblings renamed over the target when complete.
const TEMP_SUFFIX = '.partial';
const isTempName = (name: string) => name.startsWith('.') && name.endsWith(TEMP_SUFFIX);

/**
 * Object store on the local disk, for the no-cloud default. Writes are atomic (temp file in the
 * same directory, fsync, rename), keys map to paths under `root` only, and download links are
 * HMAC-signed URLs served by the api.
 */
export class DiskObjectStore implements ObjectStore {
  private readonly root: string;

  constructor(private readonly options: DiskObjectStoreOptions) {
    this.root = resolve(options.root);
    if (!options.secret) throw new Error('DiskObjectStore needs a signing secret');
  }

  /** Absolute path of a key; throws for keys that could leave the root. */
  pathFor(key: string): string {
    const path = join(this.root, ...normalizeObjectKey(key).split('/'));
    // Belt and braces: validation already forbids traversal, but never hand out a path outside.
    if (!path.startsWith(this.root + sep)) throw new Error(`Key escapes the store root: ${key}`);
    return path;
  }

  async putFile(key: string, filePath: string, _options?: PutOptions): Promise<StoredObject> {
    return this.writeAtomically(key, (temp) => copyFile(filePath, temp));
  }

  async put(
    key: string,
    body: Uint8Array | string | Readable,
    _options?: PutOptions,
  ): Promise<StoredObject> {
    return this.writeAtomically(key, (temp) =>
      body instanceof Readable
        ? pipeline(body, createWriteStream(temp, { flags: 'wx' }))
        : writeFile(temp, body, { flag: 'wx' }),
    );
  }

  private async writeAtomically(
    key: string,
    write: (temp: string) => Promise<void>,
  ): Promise<StoredObject> {
    const target = this.pathFor(key);
    await mkdir(dirname(target), { recursive: true });
    const temp = join(
      dirname(target),
      `.${basename(target)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`,
    );
    try {
      await write(temp);
      const handle = await open(temp, 'r+');
      try {
        await handle.sync(); // so a crash after rename never leaves an empty or torn file
      } finally {
        await handle.close();
      }
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return { key: normalizeObjectKey(key), size: (await stat(target)).size };
  }

  async getStream(key: string): Promise<Readable> {
    const path = this.pathFor(key);
    let handle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      throw notFoundOr(error, key);
    }
    // Opening a directory succeeds on Linux; only regular files are objects.
    if (!(await handle.stat()).isFile()) {
      await handle.close();
      throw new ObjectNotFoundError(key);
    }
    return handle.createReadStream();
  }

  async download(key: string, filePath: string): Promise<void> {
    try {
      await copyFile(this.pathFor(key), filePath);
    } catch (error) {
      throw notFoundOr(error, key);
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathFor(key))).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async list(prefix: string): Promise<StoredObject[]> {
    const normalized = normalizeObjectPrefix(prefix);
    const slash = normalized.lastIndexOf('/');
    const base = slash < 0 ? this.root : this.pathFor(normalized.slice(0, slash));
    const found: StoredObject[] = [];
    for (const path of await filesUnder(base, false)) {
      const key = relative(this.root, path).split(sep).join('/');
      if (!key.startsWith(normalized)) continue;
      const { size, mtime } = await stat(path);
      found.push({ key, size, lastModified: mtime });
    }
    // Binary (UTF-8 code unit) order, as S3 lists.
    return found.sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
  }

  /**
   * Sub-directories of the prefix's directory. The whole directory is read and sorted on each
   * call (binary order, as S3): names only, so memory stays a few bytes per job.
   */
  async listPrefixes(prefix: string, limit: number, startAfter?: string): Promise<PrefixPage> {
    const normalized = normalizeObjectPrefix(prefix);
    if (normalized !== '' && !normalized.endsWith('/'))
      throw new Error(`listPrefixes needs a prefix ending in "/": ${prefix}`);
    const dir = normalized === '' ? this.root : this.pathFor(normalized.slice(0, -1));
    const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => {
      if (isMissing(error)) return [];
      throw error;
    });
    const after = startAfter ? Buffer.from(normalizeObjectPrefix(startAfter)) : null;
    const all = entries
      .filter((e) => e.isDirectory())
      .map((e) => `${normalized}${e.name}/`)
      .filter((p) => !after || Buffer.compare(Buffer.from(p), after) > 0)
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    const prefixes = all.slice(0, limit);
    return { prefixes, next: all.length > limit ? (prefixes.at(-1) ?? null) : null };
  }

  async newestWrite(prefix: string): Promise<Date | null> {
    const normalized = normalizeObjectPrefix(prefix);
    const slash = normalized.lastIndexOf('/');
    const base = slash < 0 ? this.root : this.pathFor(normalized.slice(0, slash));
    let newest: Date | null = null;
    for (const path of await filesUnder(base, true)) {
      const key = relative(this.root, path).split(sep).join('/');
      if (!key.startsWith(normalized)) continue; // temp files too, under a directory prefix
      const { mtime } = await stat(path).catch(() => ({ mtime: null }));
      if (mtime && (!newest || mtime > newest)) newest = mtime;
    }
    return newest;
  }

  async delete(key: string): Promise<void> {
    const path = this.pathFor(key);
    try {
      await unlink(path);
    } catch (error) {
      // Missing, or a directory (a prefix, not an object): nothing to delete, as on S3.
      const code = (error as { code?: string }).code;
      if (isMissing(error) || code === 'EISDIR' || code === 'EPERM') return;
      throw error;
    }
    await this.pruneEmptyDirs(dirname(path));
  }

  async deletePrefix(prefix: string): Promise<number> {
    const objects = await this.list(prefix);
    for (const { key } of objects) await this.delete(key);
    await this.removeTempFiles(prefix);
    return objects.length;
  }

  /**
   * In-progress writes (`.partial`) under a directory prefix: a process that crashed mid-write
   * leaves them, and they hold a copy of the data, so deleting a job's prefix removes them too.
   */
  private async removeTempFiles(prefix: string): Promise<void> {
    const normalized = normalizeObjectPrefix(prefix);
    if (!normalized.endsWith('/')) return;
    const dir = this.pathFor(normalized.slice(0, -1));
    const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
    const temps = entries.filter((e) => e.isFile() && isTempName(e.name));
    for (const e of temps) {
      await rm(join(e.parentPath, e.name), { force: true });
      await this.pruneEmptyDirs(e.parentPath);
    }
  }

  async downloadUrl(key: string, expiresInSeconds: number, fileName?: string): Promise<string> {
    const normalized = normalizeObjectKey(key);
    const expires = Math.floor(Date.now() / 1000) + Math.ceil(expiresInSeconds);
    const query = new URLSearchParams({
      expires: String(expires),
      sig: signDownload(normalized, expires, this.options.secret),
    });
    // The file name only labels the download (Content-Disposition), so it is not signed.
    if (fileName) query.set('filename', fileName);
    return Promise.resolve(
      `${this.options.baseUrl.replace(/\/+$/, '')}/files/${encodeKeyPath(normalized)}?${query.toString()}`,
    );
  }

  publicBaseUrl(): string | null {
    return null;
  }

  async ping(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    // A write probe: readiness must fail on a read-only or full volume, not only a missing one.
    const probe = join(this.root, `.ping-${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
    await writeFile(probe, '');
    await unlink(probe);
  }

  /** Removes directories left empty by deletes, up to (not including) the root. */
  private async pruneEmptyDirs(dir: string): Promise<void> {
    for (let current = dir; current.startsWith(this.root + sep); current = dirname(current)) {
      try {
        await rmdir(current);
      } catch {
        return; // not empty (or already gone): stop climbing
      }
    }
  }
}

/** Regular files below `dir`; in-progress writes only when `withTemp`. */
async function filesUnder(dir: string, withTemp: boolean): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && (withTemp || !isTempName(e.name)))
      .map((e) => join(e.parentPath, e.name));
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function notFoundOr(error: unknown, key: string): unknown {
  const code = (error as { code?: string }).code;
  return isMissing(error) || code === 'EISDIR' ? new ObjectNotFoundError(key) : error;
}
