import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Job work directories are named after the worker process that made them
 * (`remote-ocr-work-<pid>-<job id>-XXXXXX` in the system temp dir), so a starting worker can tell
 * the leftovers of a crashed one (its pid is gone) from the live work of a neighbour sharing the
 * temp dir. Node has no API that says which process owns a directory; the pid in the name is the
 * few lines it takes.
 */
const WORK_DIR = /^remote-ocr-work-(\d+)-/;
/** Directories of workers before this naming: no owner to ask, so their age decides. */
const LEGACY_WORK_DIR = /^remote-ocr-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-/;

export function createJobWorkDir(jobId: string, root: string = os.tmpdir()): Promise<string> {
  return mkdtemp(path.join(root, `remote-ocr-work-${process.pid}-${jobId}-`));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function isStale(name: string, root: string, maxAgeMs: number): Promise<boolean> {
  const owned = WORK_DIR.exec(name);
  // Our own pid at start can only be a leftover of an earlier life (a restarted container).
  if (owned) return Number(owned[1]) === process.pid || !isAlive(Number(owned[1]));
  if (!LEGACY_WORK_DIR.test(name)) return false;
  const { mtimeMs } = await stat(path.join(root, name));
  return Date.now() - mtimeMs > maxAgeMs;
}

/**
 * Removes work directories left by workers that died mid-job (they hold rendered pages and
 * document copies); called once when a worker starts. `legacyMaxAgeMs` is the job time limit: no
 * job runs longer, so an older legacy directory has no live owner. Returns the names removed.
 */
export async function removeStaleWorkDirs(
  legacyMaxAgeMs: number,
  root: string = os.tmpdir(),
): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const removed: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || !(await isStale(entry.name, root, legacyMaxAgeMs))) continue;
    await rm(path.join(root, entry.name), { recursive: true, force: true });
    removed.push(entry.name);
  }
  return removed;
}
