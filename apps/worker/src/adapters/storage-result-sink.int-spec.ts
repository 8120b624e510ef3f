import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { jobPrefix } from '@remote-ocr/contracts';
import {
  DiskObjectStore,
  StaleRunError,
  createPostgresJobStore,
  type JobStore,
} from '@remote-ocr/storage';
import { createTestDatabase } from '@remote-ocr/storage/testing';

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;
import { StorageResultSink } from './storage-result-sink.js';

jest.setTimeout(60_000);

/**
 * Issue 14 item 12: a result uploaded by a run whose job was deleted meanwhile (the upload was in
 * flight) is removed again when its row is refused, so no orphaned copy stays in the store.
 */
describe('StorageResultSink of a run that is no longer current (real Postgres, disk store)', () => {
  let db: TestDatabase;
  let store: JobStore;
  let root: string;
  let objects: DiskObjectStore;

  beforeAll(async () => {
    db = await createTestDatabase('sink');
    store = createPostgresJobStore({ connectionString: db.url });
    root = await mkdtemp(path.join(os.tmpdir(), 'remote-ocr-sink-'));
    objects = new DiskObjectStore({ root, baseUrl: 'http://x', secret: 'sink-secret-0001' });
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
    await rm(root, { recursive: true, force: true });
  });

  const body = { name: 'result.md', fileType: 'result_md', contentType: 'text/markdown' } as const;

  it('keeps the object of the current run and removes the late one of a deleted job', async () => {
    const id = randomUUID();
    await store.jobs.create({
      id,
      clientId: 'c',
      documentId: 'a'.repeat(64),
      documentName: 'd.pdf',
      taskName: '',
      status: 'queued',
      engine: 'local',
      r2Prefix: jobPrefix(id),
    });
    const run = (await store.jobs.transition(id, ['queued'], 'processing', {
      incrementAttempts: true,
    }))!.attempts;
    const sink = new StorageResultSink(objects, store, id, new AbortController().signal, run);
    await sink.put({ ...body, body: new TextEncoder().encode('# current') });
    expect((await objects.list(`${jobPrefix(id)}/`)).map((o) => o.key)).toEqual([
      `${jobPrefix(id)}/result.md`,
    ]);

    // The api deletes the job while this run's next upload is in flight.
    await objects.deletePrefix(`${jobPrefix(id)}/`);
    await store.jobs.delete(id);
    const late = { ...body, name: 'annotation.json', fileType: 'annotation' as const };
    await expect(sink.put({ ...late, body: new TextEncoder().encode('{}') })).rejects.toThrow(
      StaleRunError,
    );
    expect(await objects.list(`${jobPrefix(id)}/`)).toEqual([]);
  });
});
