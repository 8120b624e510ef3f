import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { jobObjectKey, jobPrefix } from '@remote-ocr/contracts';
import {
  DiskObjectStore,
  S3ObjectStore,
  createPostgresJobStore,
  type JobStore,
  type ObjectStore,
} from '@remote-ocr/storage';
import { createTestDatabase, startLocalS3 } from '@remote-ocr/storage/testing';
import { sweepOrphanObjects } from './sweep-orphan-objects.js';

jest.setTimeout(60_000);

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;
interface StoreUnderTest {
  objects: ObjectStore;
  dispose(): Promise<void>;
}

async function diskStore(): Promise<StoreUnderTest> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'orphan-sweep-'));
  return {
    objects: new DiskObjectStore({ root, baseUrl: 'http://x', secret: 'orphan-secret-0001' }),
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}

async function s3Store(): Promise<StoreUnderTest> {
  const s3 = await startLocalS3();
  return { objects: new S3ObjectStore({ ...s3, forcePathStyle: true }), dispose: s3.stop };
}

const GRACE_MS = 60 * 60 * 1000;
const keys = async (objects: ObjectStore, id: string) =>
  (await objects.list(`${jobPrefix(id)}/`)).map((o) => o.key);

/** Newest write time under a job's prefix, as the store lists it. */
async function newestWrite(objects: ObjectStore, id: string): Promise<number> {
  const listed = await objects.list(`${jobPrefix(id)}/`);
  return Math.max(...listed.map((o) => o.lastModified?.getTime() ?? Number.NaN));
}

/**
 * Writes a job's objects so that they are listed strictly later than `after` (S3 lists whole
 * seconds, so this may write again once a second has passed). Ordering only, nothing is timed.
 */
async function writeAfter(objects: ObjectStore, id: string, after: number): Promise<void> {
  for (;;) {
    await objects.put(jobObjectKey(id, 'result.md'), 'fresh');
    if ((await newestWrite(objects, id)) > after) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe.each([
  ['disk store', diskStore],
  ['S3 store (s3rver)', s3Store],
])('sweepOrphanObjects on real Postgres and the %s', (_name, open) => {
  let db: TestDatabase;
  let jobs: JobStore;
  let under: StoreUnderTest;
  let objects: ObjectStore;

  beforeAll(async () => {
    db = await createTestDatabase('orphans');
    jobs = createPostgresJobStore({ connectionString: db.url });
    under = await open();
    objects = under.objects;
  });
  afterAll(async () => {
    await jobs?.close();
    await db?.drop();
    await under?.dispose();
  });

  async function liveJob(): Promise<string> {
    const id = randomUUID();
    await jobs.jobs.create({
      id,
      clientId: 'c',
      documentId: 'a'.repeat(64),
      documentName: 'd.pdf',
      taskName: '',
      status: 'queued',
      engine: 'local',
      r2Prefix: jobPrefix(id),
    });
    return id;
  }

  it('removes the objects of a deleted job once older than the grace, keeps the rest', async () => {
    const live = await liveJob();
    const deleted = await liveJob();
    const orphan = randomUUID(); // uploaded, and its job then deleted before any row recorded it
    const fresh = randomUUID(); // an upload racing the creation of its job
    for (const id of [live, deleted, orphan]) {
      await objects.put(jobObjectKey(id, 'document.pdf'), 'pdf');
      await objects.put(jobObjectKey(id, 'crops/image_b1.pdf'), 'crop');
    }
    await objects.put('ocr_jobs/not-a-job-id/keep.txt', 'not ours');
    await jobs.jobs.delete(deleted);
    const oldest = Math.max(await newestWrite(objects, orphan), await newestWrite(objects, live));
    await writeAfter(objects, fresh, oldest);
    // The clock of this run: the first objects are just past the grace, the fresh one is not.
    const now = new Date(oldest + GRACE_MS + 1);

    const dry = await sweepOrphanObjects(jobs, objects, { graceMs: GRACE_MS, now, dryRun: true });
    expect(dry.removed.map((r) => r.jobId).sort()).toEqual([deleted, orphan].sort());
    expect(await keys(objects, orphan)).toHaveLength(2);

    const run = await sweepOrphanObjects(jobs, objects, { graceMs: GRACE_MS, now });
    expect(run.removed.map((r) => [r.jobId, r.objects]).sort()).toEqual(
      [
        [deleted, 2],
        [orphan, 2],
      ].sort(),
    );
    expect(await keys(objects, orphan)).toEqual([]);
    expect(await keys(objects, deleted)).toEqual([]);
    expect(await keys(objects, live)).toHaveLength(2);
    expect(await keys(objects, fresh)).toEqual([jobObjectKey(fresh, 'result.md')]);
    expect(await objects.exists('ocr_jobs/not-a-job-id/keep.txt')).toBe(true);
  });

  it('works through the store a bounded page of job prefixes per run', async () => {
    const orphans = [randomUUID(), randomUUID(), randomUUID()];
    for (const id of orphans) await objects.put(jobObjectKey(id, 'result.md'), 'x');
    const now = new Date(Date.now() + 2 * GRACE_MS);
    const removed: string[] = [];
    let startAfter: string | undefined;
    let runs = 0;
    do {
      const run = await sweepOrphanObjects(jobs, objects, {
        graceMs: GRACE_MS,
        now,
        maxPrefixes: 2,
        startAfter,
      });
      expect(run.checked).toBeLessThanOrEqual(2);
      removed.push(...run.removed.map((r) => r.jobId));
      startAfter = run.next ?? undefined;
      runs += 1;
    } while (startAfter);
    expect(runs).toBeGreaterThan(1);
    expect(removed).toEqual(expect.arrayContaining(orphans));
    for (const id of orphans) expect(await keys(objects, id)).toEqual([]);
  });
});

describe('sweepOrphanObjects and writes in progress on the disk store', () => {
  let db: TestDatabase;
  let jobs: JobStore;
  let root: string;
  let objects: DiskObjectStore;
  beforeAll(async () => {
    db = await createTestDatabase('orphans_partial');
    jobs = createPostgresJobStore({ connectionString: db.url });
    root = await mkdtemp(path.join(os.tmpdir(), 'orphan-partial-'));
    objects = new DiskObjectStore({ root, baseUrl: 'http://x', secret: 'orphan-secret-0001' });
  });
  afterAll(async () => {
    await jobs?.close();
    await db?.drop();
    await rm(root, { recursive: true, force: true });
  });

  /** A job directory holding only the temp file of a write (killed, or still running). */
  async function partialOnly(id: string, at: Date): Promise<string> {
    const dir = path.join(root, 'ocr_jobs', id);
    await mkdir(dir, { recursive: true });
    const temp = path.join(dir, '.result.zip.0a1b2c3d4e5f.partial');
    await writeFile(temp, 'half');
    await utimes(temp, at, at);
    return temp;
  }

  it('removes the leftover write of a killed worker, keeps one still being written', async () => {
    const killed = await partialOnly(randomUUID(), new Date(Date.now() - 2 * GRACE_MS));
    const writing = await partialOnly(randomUUID(), new Date());
    const run = await sweepOrphanObjects(jobs, objects, { graceMs: GRACE_MS });
    expect(run.removed).toHaveLength(1);
    await expect(stat(killed)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await stat(writing)).isFile()).toBe(true);
  });
});
