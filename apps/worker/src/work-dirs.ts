import { mkdtemp, readdir, rm } from 'node:fs/promises';
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

/**
 * Only directories named by this scheme: older names carry no owner, and a live worker of an
 * older version may still be using them, so they are left alone.
 */
function isStale(name: string): boolean {
  const owned = WORK_DIR.exec(name);
  if (!owned) return false;
  // Our own pid at start can only be a leftover of an earlier life (a restarted container).
  return Number(owned[1]) === process.pid || !isAlive(Number(owned[1]));
}

/**
 * Removes work directories left by workers that died mid-job (they hold rendered pages and
 * document copies); called once when a worker starts. Best effort: a directory that cannot be
 * removed is skipped, never a reason not to start. Returns the names removed.
 */
export async function removeStaleWorkDirs(root: string = os.tmpdir()): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const removed: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || !isStale(entry.name)) continue;
    try {
      await rm(path.join(root, entry.name), { recursive: true, force: true });
      removed.push(entry.name);
    } catch {
      // Another process's files, or removed meanwhile: not ours to fail on.
    }
  }
  return removed;
}
