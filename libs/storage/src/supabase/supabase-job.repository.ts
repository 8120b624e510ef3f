import { JOB_STATUSES, jobListItem, type JobRecord, type JobStatus } from '@remote-ocr/contracts';
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
import { SupabaseStoreError, unwrap, unwrapCount, type Supabase } from './supabase-schema.js';

/** Compare-and-set rounds before giving up on an attempts increment under heavy contention. */
const MAX_CAS_ROUNDS = 20;

/** Jobs table through PostgREST; guards are filters on the PATCH, so each change is one statement. */
export class SupabaseJobRepository implements JobRepository {
  constructor(private readonly client: Supabase) {}

  async create(job: NewJob): Promise<JobRecord> {
    const result = await this.client.from('jobs').insert(newJobValues(job)).select().single();
    return toJobRecord(unwrap('jobs.create', result));
  }

  async get(id: string): Promise<JobRecord | null> {
    if (!isJobId(id)) return null;
    const row = unwrap(
      'jobs.get',
      await this.client.from('jobs').select().eq('id', id).maybeSingle(),
    );
    return row ? toJobRecord(row) : null;
  }

  async list(filter: JobListFilter): Promise<JobRecord[]> {
    let query = this.client.from('jobs').select();
    if (filter.clientId !== undefined) query = query.eq('client_id', filter.clientId);
    if (filter.documentId !== undefined) query = query.eq('document_id', filter.documentId);
    if (filter.status !== undefined) {
      if (filter.status.length === 0) return [];
      query = query.in('status', filter.status);
    }
    const offset = filter.offset ?? 0;
    const limit = filter.limit ?? DEFAULT_JOB_LIST_LIMIT;
    const rows = unwrap(
      'jobs.list',
      await query
        .order('created_at', { ascending: false })
        .order('id', { ascending: false })
        .range(offset, offset + limit - 1),
    );
    return rows.map(toJobRecord);
  }

  /** PostgREST's timestamps are not in the `Z` form of docs/contract.md §2, so the items are built here. */
  async listJson(filter: JobListFilter): Promise<string> {
    return JSON.stringify((await this.list(filter)).map((job) => jobListItem(job)));
  }

  async transition(
    id: string,
    from: readonly JobStatus[],
    to: JobStatus,
    patch: TransitionPatch = {},
  ): Promise<JobRecord | null> {
    if (!isJobId(id) || from.length === 0) return null;
    const values = transitionBody(to, patch);
    if (!patch.incrementAttempts) {
      const rows = unwrap(
        'jobs.transition',
        await this.client.from('jobs').update(values).eq('id', id).in('status', from).select(),
      );
      return rows[0] ? toJobRecord(rows[0]) : null;
    }
    return this.transitionCountingAttempt(id, from, values);
  }

  /**
   * PostgREST cannot write `attempts = attempts + 1`, so the increment is a compare-and-set:
   * the PATCH is guarded by the status set and by the attempts value we read. It still changes
   * the row in one statement; losing the race on attempts only means reading again.
   */
  private async transitionCountingAttempt(
    id: string,
    from: readonly JobStatus[],
    values: TransitionBody,
  ): Promise<JobRecord | null> {
    for (let round = 0; round < MAX_CAS_ROUNDS; round += 1) {
      const current = await this.get(id);
      if (!current || !from.includes(current.status)) return null;
      const rows = unwrap(
        'jobs.transition',
        await this.client
          .from('jobs')
          .update({ ...values, attempts: current.attempts + 1 })
          .eq('id', id)
          .in('status', from)
          .eq('attempts', current.attempts)
          .select(),
      );
      if (rows[0]) return toJobRecord(rows[0]);
    }
    throw new SupabaseStoreError('jobs.transition', { message: 'too much contention on attempts' });
  }

  async updateProgress(id: string, patch: ProgressPatch): Promise<boolean> {
    if (!isJobId(id)) return false;
    const values = {
      progress: patch.progress,
      ...(patch.blocksTotal !== undefined ? { blocks_total: patch.blocksTotal } : {}),
      ...(patch.blocksDone !== undefined ? { blocks_done: patch.blocksDone } : {}),
      ...(patch.blocksFailed !== undefined ? { blocks_failed: patch.blocksFailed } : {}),
    };
    const rows = unwrap(
      'jobs.updateProgress',
      await this.client
        .from('jobs')
        .update(values)
        .eq('id', id)
        .eq('status', 'processing')
        .select('id'),
    );
    return rows.length > 0;
  }

  async rename(id: string, taskName: string): Promise<JobRecord | null> {
    if (!isJobId(id)) return null;
    const rows = unwrap(
      'jobs.rename',
      await this.client.from('jobs').update({ task_name: taskName }).eq('id', id).select(),
    );
    return rows[0] ? toJobRecord(rows[0]) : null;
  }

  async delete(id: string): Promise<boolean> {
    if (!isJobId(id)) return false;
    const rows = unwrap(
      'jobs.delete',
      await this.client.from('jobs').delete().eq('id', id).select('id'),
    );
    return rows.length > 0;
  }

  /** One HEAD count per status: PostgREST aggregates are off by default on Supabase. */
  async countByStatus(): Promise<Record<JobStatus, number>> {
    const counts = await Promise.all(
      JOB_STATUSES.map(async (status) => {
        const result = await this.client
          .from('jobs')
          .select('id', { count: 'exact', head: true })
          .eq('status', status);
        return [status, unwrapCount('jobs.countByStatus', result)] as const;
      }),
    );
    return Object.fromEntries(counts) as Record<JobStatus, number>;
  }
}

/** The PATCH body of a transition; JSON carries timestamps as ISO strings. */
function transitionBody(to: JobStatus, patch: TransitionPatch) {
  const { started_at, finished_at, ...rest } = transitionValues(patch);
  return {
    ...rest,
    status: to,
    ...(started_at !== undefined ? { started_at: started_at?.toISOString() ?? null } : {}),
    ...(finished_at !== undefined ? { finished_at: finished_at?.toISOString() ?? null } : {}),
  };
}

type TransitionBody = ReturnType<typeof transitionBody>;
