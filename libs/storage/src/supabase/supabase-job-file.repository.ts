import type { FileType, JobFileRecord } from '@remote-ocr/contracts';
import type { JobFileRepository, NewJobFile } from '../ports/job.repository.js';
import { isJobId, toJobFileRecord } from '../rows/row-mappers.js';
import { unwrap, unwrapCount, type Supabase } from './supabase-schema.js';

/** job_files through PostgREST; one row per stored object (upsert on job_id + r2_key). */
export class SupabaseJobFileRepository implements JobFileRepository {
  constructor(private readonly client: Supabase) {}

  async add(file: NewJobFile): Promise<JobFileRecord> {
    const values = {
      job_id: file.jobId,
      file_type: file.fileType,
      r2_key: file.objectKey,
      file_name: file.fileName,
      file_size: file.fileSize,
      run_attempt: file.runAttempt ?? null,
    };
    const result = await this.client
      .from('job_files')
      .upsert(values, { onConflict: 'job_id,r2_key' })
      .select()
      .single();
    return toJobFileRecord(unwrap('files.add', result));
  }

  async list(jobId: string, types?: readonly FileType[]): Promise<JobFileRecord[]> {
    if (!isJobId(jobId) || types?.length === 0) return [];
    let query = this.client.from('job_files').select().eq('job_id', jobId);
    if (types) query = query.in('file_type', types);
    const rows = unwrap('files.list', await query.order('created_at').order('id'));
    return rows.map(toJobFileRecord);
  }

  async deleteByType(jobId: string, types: readonly FileType[]): Promise<number> {
    if (!isJobId(jobId) || types.length === 0) return 0;
    const result = await this.client
      .from('job_files')
      .delete({ count: 'exact' })
      .eq('job_id', jobId)
      .in('file_type', types);
    return unwrapCount('files.deleteByType', result);
  }
}
