import {
  fromBlockStatsRow,
  toBlockStatsRow,
  type BlockStatsRepository,
  type BlockTypeCounts,
} from '../ports/block-stats.repository.js';
import { isJobId } from '../rows/row-mappers.js';
import { unwrap, type Supabase } from './supabase-schema.js';

/** job_block_stats through PostgREST: one row per job, written by upsert on job_id. */
export class SupabaseBlockStatsRepository implements BlockStatsRepository {
  constructor(private readonly client: Supabase) {}

  async put(jobId: string, counts: BlockTypeCounts): Promise<void> {
    const result = await this.client
      .from('job_block_stats')
      .upsert(toBlockStatsRow(jobId, counts), { onConflict: 'job_id' });
    unwrap('blockStats.put', result);
  }

  async get(jobId: string): Promise<BlockTypeCounts | null> {
    if (!isJobId(jobId)) return null;
    const result = await this.client
      .from('job_block_stats')
      .select('total, text_count, table_count, image_count')
      .eq('job_id', jobId)
      .maybeSingle();
    const row = unwrap('blockStats.get', result);
    return row ? fromBlockStatsRow(row) : null;
  }
}
