import { jest } from '@jest/globals';
import type { JobStore } from '../ports/job.repository.js';
import { describeJobStoreContract } from '../testing/job-store.contract.js';
import { createSupabaseJobStore } from './supabase-job-store.js';

// The workspace runs jest in projects mode, where the preset's testTimeout is not applied.
jest.setTimeout(60_000);

// A real Supabase project with supabase/migrations applied (`supabase db push`); service-role key.
const url = process.env.SUPABASE_TEST_URL;
const key = process.env.SUPABASE_TEST_KEY;

/** Wraps a store so the jobs the suite creates are deleted afterwards (cascade removes the rest). */
function tracking(store: JobStore): { store: JobStore; created: string[] } {
  const created: string[] = [];
  const jobs = Object.create(store.jobs) as JobStore['jobs'];
  jobs.create = async (job) => {
    const record = await store.jobs.create(job);
    created.push(record.id);
    return record;
  };
  return { store: { ...store, jobs }, created };
}

if (url && key) {
  describeJobStoreContract('supabase', () => {
    const { store, created } = tracking(createSupabaseJobStore({ url, key }));
    return Promise.resolve({
      store,
      dispose: async () => {
        await Promise.all(created.map((id) => store.jobs.delete(id)));
        await store.close();
      },
    });
  });
} else {
  describe('JobStore contract: supabase', () => {
    it.skip('needs SUPABASE_TEST_URL and SUPABASE_TEST_KEY', () => undefined);
  });
  console.log(
    'Skipping the Supabase contract suite: set SUPABASE_TEST_URL and SUPABASE_TEST_KEY to run it.',
  );
}
