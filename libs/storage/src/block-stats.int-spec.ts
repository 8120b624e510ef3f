import { jest } from '@jest/globals';
import { createPostgresJobStore, type PostgresJobStore } from './postgres/postgres-job-store.js';
import { createSupabaseJobStore } from './supabase/supabase-job-store.js';
import { FakePostgrest } from './testing/fake-postgrest.js';
import { newJob } from './testing/job-store.contract.js';
import { createTestDatabase, type TestDatabase } from './testing/pg-test-database.js';

jest.setTimeout(60_000);

const counts = { total: 20_000, text: 12_000, table: 3_000, image: 5_000 };

/** Issue 14 item 6: block statistics are a row of their own, in both stores. */
describe('block statistics repositories', () => {
  describe('Postgres (real)', () => {
    let database: TestDatabase;
    let store: PostgresJobStore;
    beforeAll(async () => {
      database = await createTestDatabase('stats');
      store = createPostgresJobStore({ connectionString: database.url });
    });
    afterAll(async () => {
      await store?.close();
      await database?.drop();
    });

    it('stores, replaces and reads the counts; they go with their job', async () => {
      const job = await store.jobs.create(newJob());
      expect(await store.blockStats.get(job.id)).toBeNull();
      await store.blockStats.put(job.id, { total: 1, text: 1, table: 0, image: 0 });
      await store.blockStats.put(job.id, counts);
      expect(await store.blockStats.get(job.id)).toEqual(counts);
      expect(await store.blockStats.get('not-a-uuid')).toBeNull();
      await store.jobs.delete(job.id);
      expect(await store.blockStats.get(job.id)).toBeNull();
    });
  });

  describe('Supabase (PostgREST on the wire)', () => {
    const server = new FakePostgrest();
    afterAll(() => server.stop());

    it('upserts on job_id and reads the row back', async () => {
      const store = createSupabaseJobStore({ url: await server.start(), key: 'service-key' });
      const id = newJob().id;
      server.reply({ status: 201 });
      await store.blockStats.put(id, counts);
      const [put] = server.requests;
      expect([put.method, put.path, put.query.get('on_conflict')]).toEqual([
        'POST',
        '/rest/v1/job_block_stats',
        'job_id',
      ]);
      expect(put.body).toEqual({
        job_id: id,
        total: 20_000,
        text_count: 12_000,
        table_count: 3_000,
        image_count: 5_000,
      });
      server.reply({
        status: 200,
        body: { total: 20_000, text_count: 12_000, table_count: 3_000, image_count: 5_000 },
      });
      expect(await store.blockStats.get(id)).toEqual(counts);
    });
  });
});
