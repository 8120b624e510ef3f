import { jest } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate } from '../migrations/migrate.js';
import { createPostgresJobStore } from '../postgres/postgres-job-store.js';
import { describeJobStoreContract, newJob } from '../testing/job-store.contract.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';

// The workspace runs jest in projects mode, where the preset's testTimeout is not applied.
jest.setTimeout(60_000);

/** The embedded database as `npm start` runs it: files in a directory, served on loopback. */
async function embedded(): Promise<{ pg: EmbeddedPostgres; dir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'remote-ocr-pglite-'));
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg') });
  await migrate(pg.url);
  return { pg, dir };
}

describeJobStoreContract('embedded PGlite over the wire protocol', async () => {
  const { pg, dir } = await embedded();
  const store = createPostgresJobStore({ connectionString: pg.url });
  return {
    store,
    dispose: async () => {
      await store.close();
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('embedded PGlite', () => {
  let pg: EmbeddedPostgres;
  let dir: string;
  beforeAll(async () => ({ pg, dir } = await embedded()));
  afterAll(async () => {
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('lets a second caller on the same data dir use the owner instead of opening it twice', async () => {
    const second = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg') });
    expect(second).toMatchObject({ owned: false, port: pg.port, url: pg.url });
    await second.stop(); // not the owner: the server keeps running
    const store = createPostgresJobStore({ connectionString: second.url });
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
  });

  it('keeps its rows between runs, and rolls back a failed transaction', async () => {
    const job = newJob({ taskName: 'kept' });
    const other = newJob();
    const store = createPostgresJobStore({ connectionString: pg.url, maxConnections: 4 });
    await store.jobs.create(job);
    const work = store.transaction(async (tx) => {
      await tx.jobs.create(other);
      throw new Error('abort');
    });
    await expect(work).rejects.toThrow('abort');
    await store.close();
    await pg.stop();

    pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg') });
    expect(pg.owned).toBe(true);
    const reopened = createPostgresJobStore({ connectionString: pg.url });
    expect(await reopened.jobs.get(job.id)).toMatchObject({ taskName: 'kept' });
    expect(await reopened.jobs.get(other.id)).toBeNull();
    await reopened.close();
  });
});
