import type { BlockResultRecord } from '@remote-ocr/contracts';
import type { BlockResultInput, BlockResultRepository } from '../ports/job.repository.js';
import {
  blockResultValues,
  isJobId,
  lastPerKey,
  toBlockResultRecord,
} from '../rows/row-mappers.js';
import { unwrap, unwrapCount, type Supabase } from './supabase-schema.js';

/** block_results (checkpoints) through PostgREST, upserted on (job_id, block_id, part). */
export class SupabaseBlockResultRepository implements BlockResultRepository {
  constructor(private readonly client: Supabase) {}

  async upsert(result: BlockResultInput): Promise<void> {
    await this.upsertMany([result]);
  }

  async upsertMany(results: readonly BlockResultInput[]): Promise<void> {
    const rows = lastPerKey(results).map(blockResultValues);
    if (rows.length === 0) return;
    // One request, one statement in PostgREST: all rows land or none do.
    const response = await this.client
      .from('block_results')
      .upsert(rows.length === 1 ? rows[0] : rows, { onConflict: 'job_id,block_id,part' });
    unwrap('blockResults.upsert', response);
  }

  async list(jobId: string): Promise<BlockResultRecord[]> {
    if (!isJobId(jobId)) return [];
    const result = await this.client
      .from('block_results')
      .select()
      .eq('job_id', jobId)
      .order('block_id')
      .order('part');
    return unwrap('blockResults.list', result).map(toBlockResultRecord);
  }

  async resetFailed(jobId: string): Promise<number> {
    if (!isJobId(jobId)) return 0;
    const result = await this.client
      .from('block_results')
      .delete({ count: 'exact' })
      .eq('job_id', jobId)
      .eq('status', 'failed');
    return unwrapCount('blockResults.resetFailed', result);
  }

  async countFlagged(jobId: string, flags: readonly string[]): Promise<number> {
    if (!isJobId(jobId) || flags.length === 0) return 0;
    const result = await this.client
      .from('block_results')
      .select('block_id', { count: 'exact', head: true })
      .eq('job_id', jobId)
      .eq('part', 0)
      .eq('status', 'done')
      .overlaps('flags', [...flags]);
    return unwrapCount('blockResults.countFlagged', result);
  }

  async resetFlagged(jobId: string, flags: readonly string[]): Promise<number> {
    if (!isJobId(jobId) || flags.length === 0) return 0;
    const found = await this.client
      .from('block_results')
      .select('block_id')
      .eq('job_id', jobId)
      .eq('part', 0)
      .eq('status', 'done')
      .overlaps('flags', [...flags]);
    const ids = unwrap('blockResults.flagged', found).map((r) => r.block_id);
    if (ids.length === 0) return 0;
    const removed = await this.client
      .from('block_results')
      .delete()
      .eq('job_id', jobId)
      .in('block_id', ids);
    unwrap('blockResults.resetFlagged', removed);
    return ids.length;
  }

  async resetAll(jobId: string): Promise<number> {
    if (!isJobId(jobId)) return 0;
    const result = await this.client
      .from('block_results')
      .delete({ count: 'exact' })
      .eq('job_id', jobId);
    return unwrapCount('blockResults.resetAll', result);
  }
}
