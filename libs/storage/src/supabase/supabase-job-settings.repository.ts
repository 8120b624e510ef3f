import type { JobSettings } from '@remote-ocr/contracts';
import type { JobSettingsRepository } from '../ports/job.repository.js';
import { isJobId, settingsValues, toJobSettings } from '../rows/row-mappers.js';
import { unwrap, type Supabase } from './supabase-schema.js';

/** job_settings through PostgREST: one row per job, written by upsert on job_id. */
export class SupabaseJobSettingsRepository implements JobSettingsRepository {
  constructor(private readonly client: Supabase) {}

  async upsert(jobId: string, settings: JobSettings): Promise<void> {
    const result = await this.client
      .from('job_settings')
      .upsert(settingsValues(jobId, settings), { onConflict: 'job_id' });
    unwrap('settings.upsert', result);
  }

  async get(jobId: string): Promise<JobSettings | null> {
    if (!isJobId(jobId)) return null;
    const result = await this.client
      .from('job_settings')
      .select('text_model, table_model, image_model')
      .eq('job_id', jobId)
      .maybeSingle();
    const row = unwrap('settings.get', result);
    return row ? toJobSettings(row) : null;
  }
}
