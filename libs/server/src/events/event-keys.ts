/** Redis keys of live events and liveness, all under the deployment's queue prefix. */
export class EventKeys {
  constructor(private readonly prefix: string) {}

  /** The stream of one job's events. */
  job(jobId: string): string {
    return `${this.prefix}:events:job:${jobId}`;
  }

  /** The stream of every event of one client's jobs. */
  client(clientId: string): string {
    return `${this.prefix}:events:client:${clientId}`;
  }

  /** Every event of every job (the operator's list long-poll wakes on it). */
  all(): string {
    return `${this.prefix}:events:all`;
  }

  /** Hash of the worker running a job: worker, client_id, heartbeat_at, progress_at (ms). */
  live(jobId: string): string {
    return `${this.prefix}:live:job:${jobId}`;
  }

  /** Set of job ids some worker has claimed and not released. */
  liveJobs(): string {
    return `${this.prefix}:live:jobs`;
  }

  /** Present while a job is shown stalled: JSON `{reason, worker}`. */
  stalled(jobId: string): string {
    return `${this.prefix}:live:stalled:${jobId}`;
  }

  /** `job.progress` throttle of one webhook endpoint for one job: JSON `{next, pending}`. */
  webhookProgress(endpointId: string, jobId: string): string {
    return `${this.prefix}:webhooks:progress:${endpointId}:${jobId}`;
  }

  /** Moving average of job run times, ms (queue start estimates). */
  averageRun(): string {
    return `${this.prefix}:live:avg-run-ms`;
  }
}
