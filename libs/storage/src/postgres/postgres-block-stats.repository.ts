import type { Kysely } from 'kysely';
import {
  fromBlockStatsRow,
  toBlockStatsRow,
  type BlockStatsRepository,
  type BlockTypeCounts,
} from '../ports/block-stats.repository.js';
import { isJobId } from '../rows/row-mappers.js';
import type { Database } from './db-schema.js';

/** job_block_stats on Postgres: one row per job, replaced when the blocks change. */
export class PostgresBlockStatsRepository implements BlockStatsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async put(jobId: string, counts: BlockTypeCounts): Promise<void> {
    const row = toBlockStatsRow(jobId, counts);
    await this.db
      .insertInto('job_block_stats')
      .values(row)
      .onConflict((oc) =>
        oc.column('job_id').doUpdateSet({
          total: row.total,
          text_count: row.text_count,
          table_count: row.table_count,
          image_count: row.image_count,
        }),
      )
      .execute();
  }

  async get(jobId: string): Promise<BlockTypeCounts | null> {
    if (!isJobId(jobId)) return null;
    const row = await this.db
      .selectFrom('job_block_stats')
      .select(['total', 'text_count', 'table_count', 'image_count'])
      .where('job_id', '=', jobId)
      .executeTakeFirst();
    return row ? fromBlockStatsRow(row) : null;
  }
}
