import type { Kysely } from 'kysely';
import type { FileType, JobFileRecord } from '@remote-ocr/contracts';
import type { JobFileRepository, NewJobFile } from '../ports/job.repository.js';
import { isJobId, toJobFileRecord } from '../rows/row-mappers.js';
import type { Database } from './db-schema.js';

/**
 * job_files on Postgres; one row per stored object, so re-adding a key replaces its type, name and
 * size (keeping its first created_at).
 */
export class PostgresJobFileRepository implements JobFileRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async add(file: NewJobFile): Promise<JobFileRecord> {
    const values = {
      job_id: file.jobId,
      file_type: file.fileType,
      r2_key: file.objectKey,
      file_name: file.fileName,
      file_size: file.fileSize,
      run_attempt: file.runAttempt ?? null,
    };
    const row = await this.db
      .insertInto('job_files')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['job_id', 'r2_key']).doUpdateSet({
          file_type: values.file_type,
          file_name: values.file_name,
          file_size: values.file_size,
          // The row now belongs to this run: the fence checks the run of the updated row.
          run_attempt: values.run_attempt,
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return toJobFileRecord(row);
  }

  async list(jobId: string, types?: readonly FileType[]): Promise<JobFileRecord[]> {
    if (!isJobId(jobId) || types?.length === 0) return [];
    let query = this.db.selectFrom('job_files').selectAll().where('job_id', '=', jobId);
    if (types) query = query.where('file_type', 'in', [...types]);
    const rows = await query.orderBy('created_at').orderBy('id').execute();
    return rows.map(toJobFileRecord);
  }

  async deleteByType(jobId: string, types: readonly FileType[]): Promise<number> {
    if (!isJobId(jobId) || types.length === 0) return 0;
    const result = await this.db
      .deleteFrom('job_files')
      .where('job_id', '=', jobId)
      .where('file_type', 'in', [...types])
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
