import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../testing/pg-test-database.js';
import { describeJobStoreContract, newJob } from '../testing/job-store.contract.js';
import { createPostgresJobStore, type PostgresJobStore } from './postgres-job-store.js';

// The workspace runs jest in projects mode, where the preset's testTimeout is not applied.
jest.setTimeout(60_000);

describeJobStoreContract('postgres', async () => {
  const database = await createTestDatabase('store');
  const store = createPostgresJobStore({ connectionString: database.url });
  return {
    store,
    dispose: async () => {
      await store.close();
      await database.drop();
    },
  };
});

describe('Postgres job store specifics', () => {
  let database: TestDatabase;
  let store: PostgresJobStore;
  beforeAll(async () => {
    database = await createTestDatabase('tx');
    store = createPostgresJobStore({ connectionString: database.url, maxConnections: 4 });
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('survives its idle connections being killed by the server, and reconnects', async () => {
    await store.ping(); // leaves an idle pooled connection behind
    const client = new pg.Client({
      connectionString: database.url.replace(/\/[^/]+$/, '/postgres'),
    });
    await client.connect();
    try {
      await client.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [database.name],
      );
    } finally {
      await client.end();
    }
    await new Promise((r) => setTimeout(r, 200)); // the 'error' event arrives on the idle client
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('commits work spanning tables together', async () => {
    const job = newJob();
    await store.transaction(async (tx) => {
      await tx.jobs.create(job);
      await tx.settings.upsert(job.id, { textModel: 't', tableModel: '', imageModel: '' });
    });
    expect(await store.settings.get(job.id)).toMatchObject({ textModel: 't' });
  });

  it('rolls everything back when the work throws', async () => {
    const job = newJob();
    const work = store.transaction(async (tx) => {
      await tx.jobs.create(job);
      await tx.settings.upsert(job.id, { textModel: 't', tableModel: '', imageModel: '' });
      throw new Error('abort');
    });
    await expect(work).rejects.toThrow('abort');
    expect(await store.jobs.get(job.id)).toBeNull();
    expect(await store.settings.get(job.id)).toBeNull();
  });

  it('rejects values outside the schema constraints', async () => {
    await expect(store.jobs.create(newJob({ status: 'bogus' as 'queued' }))).rejects.toThrow(
      /check constraint/,
    );
    const job = await store.jobs.create(newJob());
    await expect(
      store.files.add({
        jobId: job.id,
        fileType: 'exe' as 'pdf',
        objectKey: 'k',
        fileName: 'k',
        fileSize: 1,
      }),
    ).rejects.toThrow(/check constraint/);
    await expect(
      store.files.add({
        jobId: randomUUID(),
        fileType: 'pdf',
        objectKey: 'k',
        fileName: 'k',
        fileSize: 1,
      }),
    ).rejects.toThrow(/foreign key/);
  });
});
