import { jest } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJobStore, createObjectStore, openJobStore } from './factory.js';
import { DiskObjectStore } from './object-store/disk-object-store.js';
import { S3ObjectStore } from './object-store/s3-object-store.js';
import { dropDatabase, TEST_PG_SERVER } from './testing/pg-test-database.js';
import { newJob } from './testing/job-store.contract.js';

jest.setTimeout(60_000);

describe('createObjectStore', () => {
  it('chooses the store by kind', async () => {
    const root = await mkdtemp(join(tmpdir(), 'factory-'));
    try {
      const disk = createObjectStore({
        kind: 'disk',
        root,
        baseUrl: 'http://localhost:3000',
        secret: 's',
      });
      expect(disk).toBeInstanceOf(DiskObjectStore);
      await disk.put('a/b.txt', 'x');
      expect(await disk.exists('a/b.txt')).toBe(true);
      const s3 = createObjectStore({
        kind: 's3',
        bucket: 'bucket',
        accessKeyId: 'k',
        secretAccessKey: 's',
        accountId: 'acc',
      });
      expect(s3).toBeInstanceOf(S3ObjectStore);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('openJobStore', () => {
  it('creates and migrates a missing Postgres database, then serves jobs', async () => {
    const name = `remote_ocr_test_factory_${Date.now().toString(36)}`;
    const config = {
      kind: 'postgres',
      connectionString: `${TEST_PG_SERVER}/${name}`,
      createDatabase: true,
      migrate: true,
    } as const;
    try {
      const store = await openJobStore(config);
      const job = await store.jobs.create(newJob());
      await store.close();
      const again = await openJobStore(config); // a second start finds everything in place
      expect((await again.jobs.get(job.id))?.id).toBe(job.id);
      await again.close();
    } finally {
      await dropDatabase(name);
    }
  });

  it('builds a Supabase store without contacting it', async () => {
    const store = createJobStore({ kind: 'supabase', url: 'http://127.0.0.1:9', key: 'k' });
    await expect(store.ping()).rejects.toThrow();
  });
});
