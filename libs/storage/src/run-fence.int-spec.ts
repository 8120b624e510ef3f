import { jest } from '@jest/globals';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DiskObjectStore } from './object-store/disk-object-store.js';
import type { BlockResultInput, JobStore } from './ports/job.repository.js';
import { isStaleRunRefusal } from './ports/run-fence.js';
import { createPostgresJobStore } from './postgres/postgres-job-store.js';
import { newJob } from './testing/job-store.contract.js';
import { createTestDatabase, type TestDatabase } from './testing/pg-test-database.js';

jest.setTimeout(60_000);

const result = (jobId: string, runAttempt?: number, text = 'old'): BlockResultInput => ({
  jobId,
  blockId: 'B1',
  part: 0,
  status: 'done',
  text,
  error: null,
  engine: 'local',
  model: null,
  inputTokens: null,
  outputTokens: null,
  runAttempt,
});

async function refusal(promise: Promise<unknown>): Promise<boolean> {
  return promise.then(
    () => false,
    (error: unknown) => isStaleRunRefusal(error),
  );
}

/**
 * Issue 14 item 12: writes of a worker run that is no longer current (restarted, deleted, taken
 * over) are refused by the database, whichever process sends them (real Postgres).
 */
describe('the run fence', () => {
  let db: TestDatabase;
  let store: JobStore;
  beforeAll(async () => {
    db = await createTestDatabase('fence');
    store = createPostgresJobStore({ connectionString: db.url });
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  const claim = async (id: string) =>
    (await store.jobs.transition(id, ['queued', 'processing'], 'processing', {
      incrementAttempts: true,
    }))!.attempts;

  it('refuses block results of an old run after a restart or a takeover', async () => {
    const job = await store.jobs.create(newJob());
    const first = await claim(job.id);
    await store.blockResults.upsert(result(job.id, first));
    // Restart: the job leaves `processing` and its results are cleared.
    await store.jobs.transition(job.id, ['processing'], 'queued');
    await store.blockResults.resetAll(job.id);
    expect(await refusal(store.blockResults.upsert(result(job.id, first)))).toBe(true);
    const second = await claim(job.id);
    expect(await refusal(store.blockResults.upsert(result(job.id, first)))).toBe(true);
    await store.blockResults.upsert(result(job.id, second, 'new'));
    expect((await store.blockResults.list(job.id)).map((r) => r.text)).toEqual(['new']);
    // A takeover (a stalled run claimed again) fences the previous run the same way.
    const third = await claim(job.id);
    expect(await refusal(store.blockResults.upsert(result(job.id, second)))).toBe(true);
    await store.blockResults.upsert(result(job.id, third, 'newest'));
    // A batch from the old run is refused whole: none of its rows land.
    const batch = [
      { ...result(job.id, second, 'stale'), blockId: 'B2' },
      result(job.id, second, 'stale'),
    ];
    expect(await refusal(store.blockResults.upsertMany(batch))).toBe(true);
    expect((await store.blockResults.list(job.id)).map((r) => r.text)).toEqual(['newest']);
  });

  it("lets the api and the current run write file rows, and refuses a deleted job's run", async () => {
    const job = await store.jobs.create(newJob());
    const run = await claim(job.id);
    const file = { jobId: job.id, fileType: 'result_md' as const, fileName: 'result.md' };
    await store.files.add({
      ...file,
      objectKey: `${job.r2Prefix}/a.md`,
      fileSize: 1,
      runAttempt: run,
    });
    await store.files.add({ ...file, objectKey: `${job.r2Prefix}/b.md`, fileSize: 1 }); // the api
    // The next run (retry-failed, restart) rewrites the same key: its row becomes this run's.
    await store.jobs.transition(job.id, ['processing'], 'queued');
    const next = await claim(job.id);
    await store.files.add({
      ...file,
      objectKey: `${job.r2Prefix}/a.md`,
      fileSize: 2,
      runAttempt: next,
    });
    await store.jobs.delete(job.id);
    const late = store.files.add({
      ...file,
      objectKey: `${job.r2Prefix}/c.md`,
      fileSize: 1,
      runAttempt: next,
    });
    expect(await refusal(late)).toBe(true);
  });
});

describe('DiskObjectStore.deletePrefix', () => {
  it('also removes in-progress (.partial) files a crashed writer left under the prefix', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'remote-ocr-partial-'));
    try {
      const store = new DiskObjectStore({ root, baseUrl: 'http://x', secret: 'test-secret-0001' });
      await store.put('ocr_jobs/j1/result.md', 'done');
      await mkdir(path.join(root, 'ocr_jobs/j1/crops'), { recursive: true });
      await writeFile(path.join(root, 'ocr_jobs/j1/crops/.image_a.pdf.123.partial'), 'half');
      await writeFile(path.join(root, 'ocr_jobs/j1/.result.zip.456.partial'), 'half');
      await store.put('ocr_jobs/j2/result.md', 'other job');
      expect(await store.deletePrefix('ocr_jobs/j1/')).toBe(1);
      expect(await readdir(path.join(root, 'ocr_jobs'))).toEqual(['j2']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
