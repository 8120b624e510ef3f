import { supabaseJs } from '../lazy-sdks.js';
import type { JobStore } from '../ports/job.repository.js';
import { SupabaseBlockResultRepository } from './supabase-block-result.repository.js';
import { SupabaseJobFileRepository } from './supabase-job-file.repository.js';
import { SupabaseBlockStatsRepository } from './supabase-block-stats.repository.js';
import { SupabaseJobSettingsRepository } from './supabase-job-settings.repository.js';
import { SupabaseJobRepository } from './supabase-job.repository.js';
import { unwrapCount, type SupabaseDatabase } from './supabase-schema.js';

export interface SupabaseJobStoreOptions {
  /** Project URL (`SUPABASE_URL`), e.g. `https://<ref>.supabase.co`. */
  url: string;
  /** Service-role key (`SUPABASE_KEY`): the server writes every table. */
  key: string;
  /** Schema holding the tables (default `public`). */
  schema?: 'public';
  /** Custom fetch (tests, proxies). */
  fetch?: typeof fetch;
}

/**
 * Creates the Supabase JobStore: the same repositories over PostgREST (supabase-js). Status
 * guards travel as filters on the PATCH, so each transition is still one conditional UPDATE.
 * Apply `supabase/migrations` to the project first (`supabase db push`).
 */
export function createSupabaseJobStore(options: SupabaseJobStoreOptions): JobStore {
  const client = supabaseJs().createClient<SupabaseDatabase>(options.url, options.key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: options.fetch ? { fetch: options.fetch } : {},
  });
  return {
    jobs: new SupabaseJobRepository(client),
    files: new SupabaseJobFileRepository(client),
    settings: new SupabaseJobSettingsRepository(client),
    blockStats: new SupabaseBlockStatsRepository(client),
    blockResults: new SupabaseBlockResultRepository(client),
    ping: async () => {
      // No built-in retries here: readiness should answer now, not after seconds of backoff.
      const result = await client
        .from('jobs')
        .select('id', { count: 'exact', head: true })
        .limit(1)
        .retry(false);
      unwrapCount('ping', result);
    },
    // HTTP only: nothing to release.
    close: () => Promise.resolve(),
  };
}
