import { supabaseJs } from '../lazy-sdks.js';
import { isJobId } from '../rows/row-mappers.js';
import type { SupabaseJobStoreOptions } from '../supabase/supabase-job-store.js';
import { unwrap, type Supabase, type SupabaseDatabase } from '../supabase/supabase-schema.js';
import {
  sumUsageRows,
  usageRow,
  type UsageEntry,
  type UsageRepository,
  type UsageTotals,
} from './usage.repository.js';

/** Rows read per page when summing a client's day (PostgREST caps a response's rows). */
const PAGE = 1000;

/** The usage ledger and job budgets through PostgREST (apply the migration with `supabase db push`). */
export class SupabaseUsageRepository implements UsageRepository {
  private readonly client: Supabase;

  constructor(options: SupabaseJobStoreOptions) {
    this.client = supabaseJs().createClient<SupabaseDatabase>(options.url, options.key, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      global: options.fetch ? { fetch: options.fetch } : {},
    });
  }

  async record(e: UsageEntry): Promise<void> {
    unwrap('usage.record', await this.client.from('engine_usage').insert(usageRow(e)));
  }

  async jobTotals(jobId: string): Promise<UsageTotals[]> {
    if (!isJobId(jobId)) return [];
    const result = await this.client
      .from('engine_usage')
      .select('engine, model, input_tokens, output_tokens, cost_usd, pages_billed, wall_ms, ok')
      .eq('job_id', jobId)
      .order('id');
    return sumUsageRows(unwrap('usage.jobTotals', result) ?? []);
  }

  /** PostgREST has no aggregate without a database function: the day's costs are read and summed. */
  async clientSpentSince(clientId: string, since: Date): Promise<number> {
    let spent = 0;
    for (let from = 0; ; from += PAGE) {
      const result = await this.client
        .from('engine_usage')
        .select('cost_usd')
        .eq('client_id', clientId)
        .gte('created_at', since.toISOString())
        .order('id')
        .range(from, from + PAGE - 1);
      const rows = unwrap('usage.clientSpent', result) ?? [];
      spent += rows.reduce((n, r) => n + (r.cost_usd ?? 0), 0);
      if (rows.length < PAGE) return spent;
    }
  }

  async setMaxCost(jobId: string, maxCost: number | null): Promise<void> {
    const result =
      maxCost === null
        ? await this.client.from('job_budgets').delete().eq('job_id', jobId)
        : await this.client.from('job_budgets').upsert(
            { job_id: jobId, max_cost: maxCost, updated_at: new Date().toISOString() },
            {
              onConflict: 'job_id',
            },
          );
    unwrap('usage.setMaxCost', result);
  }

  async getMaxCost(jobId: string): Promise<number | null> {
    if (!isJobId(jobId)) return null;
    const result = await this.client
      .from('job_budgets')
      .select('max_cost')
      .eq('job_id', jobId)
      .maybeSingle();
    const row = unwrap('usage.getMaxCost', result);
    return row ? Number(row.max_cost) : null;
  }

  // HTTP only: nothing to release.
  close(): Promise<void> {
    return Promise.resolve();
  }
}
