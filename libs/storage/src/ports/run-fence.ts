import { SupabaseStoreError } from '../supabase/supabase-schema.js';

/** SQLSTATE of the run fence (supabase/migrations/20261203000200_security.sql). */
export const STALE_RUN_SQLSTATE = 'RO409';

/**
 * A worker wrote for a run that is no longer the job's current one (restarted, paused, deleted or
 * taken over): the database refused the row. The writer stops and removes what it uploaded.
 */
export class StaleRunError extends Error {
  constructor(
    readonly jobId: string,
    options?: { cause?: unknown },
  ) {
    super(`Job ${jobId}: this run is no longer current; its write was refused`, options);
    this.name = 'StaleRunError';
  }
}

/** Whether a store error is the run fence's refusal (Postgres driver or PostgREST). */
export function isStaleRunRefusal(error: unknown): boolean {
  if (error instanceof StaleRunError) return true;
  if (error instanceof SupabaseStoreError) return error.reason.code === STALE_RUN_SQLSTATE;
  return (error as { code?: unknown } | null)?.code === STALE_RUN_SQLSTATE;
}
