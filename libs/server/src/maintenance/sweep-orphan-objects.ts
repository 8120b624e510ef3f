import { jobPrefix } from '@remote-ocr/contracts';
import type { JobStore, ObjectStore } from '@remote-ocr/storage';

/** How long objects must have been untouched before their job-less prefix may be removed. */
export const DEFAULT_ORPHAN_GRACE_MS = 60 * 60 * 1000;
/** Job prefixes looked at in one run, so a run's work stays bounded however big the store is. */
export const DEFAULT_ORPHAN_PREFIXES_PER_RUN = 500;

/** `ocr_jobs/`: the parent of every job's prefix. */
const JOBS_ROOT = jobPrefix('');
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface OrphanSweepOptions {
  /** Only prefixes whose newest object is older than this are removed. */
  graceMs: number;
  maxPrefixes?: number;
  /** Continue after this prefix (the `next` of an earlier run). */
  startAfter?: string;
  /** Report what would be removed, remove nothing. */
  dryRun?: boolean;
  now?: Date;
}

export interface OrphanPrefix {
  jobId: string;
  prefix: string;
  /** Objects listed under it (in-progress writes the disk store also removes are not counted). */
  objects: number;
}

export interface OrphanSweepResult {
  /** Orphaned prefixes removed (or, with `dryRun`, that would be). */
  removed: OrphanPrefix[];
  /** Job prefixes looked at in this run. */
  checked: number;
  /** Where the next run continues; null when the listing was finished. */
  next: string | null;
}

/**
 * Removes the objects of jobs that no longer exist: a worker killed between uploading an object
 * and recording its `job_files` row leaves it under `ocr_jobs/<job id>/` after the job is deleted
 * (docs/security.md, "Delete and restart against a running worker"). A prefix is removed only when
 * its job row is gone and its newest object is older than the grace, so an upload racing the
 * creation of its job is never swept. Names that are not job ids are left alone.
 */
export async function sweepOrphanObjects(
  jobs: JobStore,
  objects: ObjectStore,
  options: OrphanSweepOptions,
): Promise<OrphanSweepResult> {
  const page = await objects.listPrefixes(
    JOBS_ROOT,
    options.maxPrefixes ?? DEFAULT_ORPHAN_PREFIXES_PER_RUN,
    options.startAfter,
  );
  const cutoff = (options.now ?? new Date()).getTime() - options.graceMs;
  const removed: OrphanPrefix[] = [];
  for (const prefix of page.prefixes) {
    const orphan = await orphanAt(jobs, objects, prefix, cutoff);
    if (!orphan) continue;
    if (!options.dryRun) await objects.deletePrefix(prefix);
    removed.push(orphan);
  }
  return { removed, checked: page.prefixes.length, next: page.next };
}

/** The prefix as an orphan when its job is gone and nothing under it is newer than `cutoff`. */
async function orphanAt(
  jobs: JobStore,
  objects: ObjectStore,
  prefix: string,
  cutoff: number,
): Promise<OrphanPrefix | null> {
  const jobId = prefix.slice(JOBS_ROOT.length, -1);
  if (!JOB_ID.test(jobId)) return null;
  // Counts writes in progress too, so an upload racing the creation of its job is kept.
  const written = await objects.newestWrite(prefix);
  if (!written || written.getTime() >= cutoff) return null;
  if (await jobs.jobs.get(jobId)) return null;
  return { jobId, prefix, objects: (await objects.list(prefix)).length };
}
