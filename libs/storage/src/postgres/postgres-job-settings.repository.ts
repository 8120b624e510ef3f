import type { Kysely } from 'kysely';
import type { JobSettings } from '@remote-ocr/contracts';
import type { JobSettingsRepository } from '../ports/job.repository.js';
import { isJobId, settingsValues, toJobSettings } from '../rows/row-mappers.js';
import type { Database } from './db-schema.js';

/** job_settings on Postgres: one row per job, written by upsert. */
export class PostgresJobSettingsRepository implements JobSettingsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async upsert(jobId: string, settings: JobSettings): Promise<void> {
    const values = settingsValues(jobId, settings);
    await this.db
      .insertInto('job_settings')
      .values(values)
      .onConflict((oc) =>
        oc.column('job_id').doUpdateSet({
          text_model: values.text_model,
          table_model: values.table_model,
          image_model: values.image_model,
        }),
      )
      .execute();
  }

  async get(jobId: string): Promise<JobSettings | null> {
    if (!isJobId(jobId)) return null;
    const row = await this.db
      .selectFrom('job_settings')
      .select(['text_model', 'table_model', 'image_model'])
      .where('job_id', '=', jobId)
      .executeTakeFirst();
    return row ? toJobSettings(row) : null;
  }
}
