import { sql, type Kysely } from 'kysely';
import type { BlockResultRecord } from '@remote-ocr/contracts';
import type { BlockResultInput, BlockResultRepository } from '../ports/job.repository.js';
import {
  blockResultValues,
  isJobId,
  lastPerKey,
  toBlockResultRecord,
} from '../rows/row-mappers.js';
import type { Database } from './db-schema.js';

/** block_results (checkpoints) on Postgres, upserted by (job_id, block_id, part). */
export class PostgresBlockResultRepository implements BlockResultRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async upsert(result: BlockResultInput): Promise<void> {
    await this.upsertMany([result]);
  }

  async upsertMany(results: readonly BlockResultInput[]): Promise<void> {
    const rows = lastPerKey(results).map(blockResultValues);
    if (rows.length === 0) return;
    const { job_id: _job, block_id: _block, part: _part, ...columns } = rows[0];
    await this.db
      .insertInto('block_results')
      .values(rows)
      .onConflict((oc) =>
        oc
          .columns(['job_id', 'block_id', 'part'])
          .doUpdateSet((eb) =>
            Object.fromEntries(
              Object.keys(columns).map((c) => [c, eb.ref(`excluded.${c as keyof typeof columns}`)]),
            ),
          ),
      )
      .execute();
  }

  async list(jobId: string): Promise<BlockResultRecord[]> {
    if (!isJobId(jobId)) return [];
    const rows = await this.db
      .selectFrom('block_results')
      .selectAll()
      .where('job_id', '=', jobId)
      .orderBy('block_id')
      .orderBy('part')
      .execute();
    return rows.map(toBlockResultRecord);
  }

  async resetFailed(jobId: string): Promise<number> {
    if (!isJobId(jobId)) return 0;
    const result = await this.db
      .deleteFrom('block_results')
      .where('job_id', '=', jobId)
      .where('status', '=', 'failed')
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async countFlagged(jobId: string, flags: readonly string[]): Promise<number> {
    if (!isJobId(jobId) || flags.length === 0) return 0;
    const row = await this.flaggedBlocks(jobId, flags)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async resetFlagged(jobId: string, flags: readonly string[]): Promise<number> {
    if (!isJobId(jobId) || flags.length === 0) return 0;
    const ids = (await this.flaggedBlocks(jobId, flags).select('block_id').execute()).map(
      (r) => r.block_id,
    );
    if (ids.length === 0) return 0;
    await this.db
      .deleteFrom('block_results')
      .where('job_id', '=', jobId)
      .where('block_id', 'in', ids)
      .execute();
    return ids.length;
  }

  private flaggedBlocks(jobId: string, flags: readonly string[]) {
    return this.db
      .selectFrom('block_results')
      .where('job_id', '=', jobId)
      .where('part', '=', 0)
      .where('status', '=', 'done')
      .where(sql<boolean>`flags && ${sql.val([...flags])}::text[]`);
  }

  async resetAll(jobId: string): Promise<number> {
    if (!isJobId(jobId)) return 0;
    const result = await this.db
      .deleteFrom('block_results')
      .where('job_id', '=', jobId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
