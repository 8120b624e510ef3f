/** Caps of a self-recycling worker (docs/scaling.md, "Self-recycling workers"); 0 turns one off. */
export interface RecycleCaps {
  maxRssMb: number;
  maxJobs: number;
}

export type RecycleReason = { kind: 'rss'; rssMb: number } | { kind: 'jobs'; taken: number };

/**
 * Whether a worker should stop taking jobs and exit: once it has taken `maxJobs` jobs, or when its
 * resident memory is above `maxRssMb` after it has taken at least one job — a worker that starts
 * above the cap would otherwise restart forever without doing any work.
 */
export function recycleReason(
  caps: RecycleCaps,
  state: { taken: number; rssBytes: number },
): RecycleReason | null {
  if (caps.maxJobs > 0 && state.taken >= caps.maxJobs) return { kind: 'jobs', taken: state.taken };
  const rssMb = Math.round(state.rssBytes / (1024 * 1024));
  if (caps.maxRssMb > 0 && state.taken > 0 && rssMb > caps.maxRssMb) return { kind: 'rss', rssMb };
  return null;
}

export function describeReason(reason: RecycleReason, caps: RecycleCaps): string {
  return reason.kind === 'jobs'
    ? `took ${reason.taken} jobs (WORKER_MAX_JOBS=${caps.maxJobs})`
    : `resident memory ${reason.rssMb} MB is above WORKER_MAX_RSS_MB=${caps.maxRssMb}`;
}
