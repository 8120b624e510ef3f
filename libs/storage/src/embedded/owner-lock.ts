import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Who owns an embedded service's data directory: its process id and, once it listens, its
 * loopback port, so a second launcher on the same data dir can use the running service instead of
 * opening the files a second time.
 */
export interface OwnerRecord {
  pid: number;
  port: number | null;
}

export type OwnerLockResult =
  { kind: 'acquired'; lock: OwnerLock } | { kind: 'owned'; owner: OwnerRecord };

/**
 * A lock file naming the owning process. Hand-written rather than `proper-lockfile` & co.: those
 * decide staleness by a refreshed mtime and cannot carry the port a second launcher needs; on one
 * machine "is that pid alive" is the exact staleness test (a process killed with SIGKILL leaves a
 * file whose pid is gone, and the next start takes it over).
 */
export class OwnerLock {
  private constructor(
    readonly file: string,
    private record: OwnerRecord,
  ) {}

  /**
   * Creates the lock file, or reports its live owner, or replaces a stale one. The file is
   * written under a private name and hard-linked into place: `link` fails when the name exists,
   * so creation is atomic and a reader never sees a half-written record.
   */
  static async acquire(file: string): Promise<OwnerLockResult> {
    await mkdir(path.dirname(file), { recursive: true });
    const record: OwnerRecord = { pid: process.pid, port: null };
    const draft = `${file}.${process.pid}`;
    await writeFile(draft, JSON.stringify(record));
    try {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        try {
          await link(draft, file);
          return { kind: 'acquired', lock: new OwnerLock(file, record) };
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
        const owner = await readOwner(file);
        if (owner && owner.pid !== process.pid && isAlive(owner.pid))
          return { kind: 'owned', owner };
        // Stale: its process is gone. Two launchers finding the same stale file at the same
        // instant could both remove it; the window is one unlink wide, accepted for a local dev
        // convenience (servers with DATABASE_URL/REDIS_URL never come here).
        await rm(file, { force: true });
      }
    } finally {
      await rm(draft, { force: true });
    }
    throw new Error(`Could not take the lock ${file}: it keeps changing hands`);
  }

  /** Records the port the owner now serves on (atomically replaced, like the creation). */
  async setPort(port: number): Promise<void> {
    this.record = { ...this.record, port };
    const draft = `${this.file}.${process.pid}`;
    await writeFile(draft, JSON.stringify(this.record));
    await rename(draft, this.file);
  }

  /** Removes the lock file when it is still ours. */
  async release(): Promise<void> {
    const owner = await readOwner(this.file);
    if (owner?.pid === this.record.pid) await rm(this.file, { force: true });
  }
}

/** The lock file's record, or null when it is missing or not (yet) a complete record. */
export async function readOwner(file: string): Promise<OwnerRecord | null> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<OwnerRecord>;
    if (typeof parsed.pid !== 'number') return null;
    return { pid: parsed.pid, port: typeof parsed.port === 'number' ? parsed.port : null };
  } catch {
    return null;
  }
}

/** Signal 0 tests for existence; EPERM means it exists under another user. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Waits until the live owner of `file` records its port (it may still be starting). Null when the
 * owner goes away or gives no port within `timeoutMs`.
 */
export async function waitForOwnerPort(
  file: string,
  timeoutMs: number,
): Promise<OwnerRecord | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const owner = await readOwner(file);
    if (!owner || !isAlive(owner.pid)) return null;
    if (owner.port !== null) return owner;
    if (Date.now() > deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
