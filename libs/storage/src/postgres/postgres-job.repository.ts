import { sql, type Kysely } from 'kysely';
import { JOB_STATUSES, type JobRecord, type JobStatus } from '@remote-ocr/contracts';
import type {
  JobListFilter,
  JobRepository,
  NewJob,
  ProgressPatch,
  TransitionPatch,
} from '../ports/job.repository.js';
import {
  DEFAULT_JOB_LIST_LIMIT,
  isJobId,
  newJobValues,
  toJobRecord,
  transitionValues,
} from '../rows/row-mappers.js';
import type { Database } from './db-schema.js';

/** Jobs table on Postgres; every status change is one conditional UPDATE … RETURNING. */
export class PostgresJobRepository implements JobRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(job: NewJob): Promise<JobRecord> {
    const row = await this.db
      .insertInto('jobs')
      .values(newJobValues(job))
      .returningAll()
      .executeTakeFirstOrThrow();
    return toJobRecord(row);
  }

  async get(id: string): Promise<JobRecord | null> {
    if (!isJobId(id)) return null;
    const row = await this.db
      .selectFrom('jobs')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toJobRecord(row) : null;
  }

  async list(filter: JobListFilter): Promise<JobRecord[]> {
    let query = this.db.selectFrom('jobs').selectAll();
    if (filter.clientId !== undefined) query = query.where('client_id', '=', filter.clientId);
    if (filter.documentId !== undefined) query = query.where('document_id', '=', filter.documentId);
    if (filter.status !== undefined) {
      if (filter.status.length === 0) return [];
      query = query.where('status', 'in', filter.status);
    }
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit ?? DEFAULT_JOB_LIST_LIMIT)
      .offset(filter.offset ?? 0)
      .execute();
    return rows.map(toJobRecord);
  }

  async transition(
    id: string,
    from: readonly JobStatus[],
    to: JobStatus,
    patch: TransitionPatch = {},
  ): Promise<JobRecord | null> {
    if (!isJobId(id) || from.length === 0) return null;
    const row = await this.db
      .updateTable('jobs')
      .set({
        ...transitionValues(patch),
        status: to,
        ...(patch.incrementAttempts ? { attempts: sql<number>`attempts + 1` } : {}),
      })
      .where('id', '=', id)
      .where('status', 'in', [...from])
      .returningAll()
      .executeTakeFirst();
    return row ? toJobRecord(row) : null;
  }

  async updateProgress(id: string, patch: ProgressPatch): Promise<boolean> {
    if (!isJobId(id)) return false;
    const result = await this.db
      .updateTable('jobs')
      .set({
        progress: patch.progress,
        ...(patch.blocksTotal !== undefined ? { blocks_total: patch.blocksTotal } : {}),
        ...(patch.blocksDone !== undefined ? { blocks_done: patch.blocksDone } : {}),
        ...(patch.blocksFailed !== undefined ? { blocks_failed: patch.blocksFailed } : {}),
      })
      .where('id', '=', id)
      .where('status', '=', 'processing')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async rename(id: string, taskName: string): Promise<JobRecord | null> {
    if (!isJobId(id)) return null;
    const row = await this.db
      .updateTable('jobs')
      .set({ task_name: taskName })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row ? toJobRecord(row) : null;
  }

  async delete(id: string): Promise<boolean> {
    if (!isJobId(id)) return false;
    const result = await this.db.deleteFrom('jobs').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async countByStatus(): Promise<Record<JobStatus, number>> {
    const rows = await this.db
      .selectFrom('jobs')
      .select(['status', (eb) => eb.fn.countAll<string>().as('count')])
      .groupBy('status')
      .execute();
    const counts = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>;
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  }
}
