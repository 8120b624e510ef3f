import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { jobObjectKey, jobPrefix } from '@remote-ocr/contracts';
import { ConfigError, parseConfig, type AppConfig } from '@remote-ocr/server';
import { DiskObjectStore, createPostgresJobStore, type JobStore } from '@remote-ocr/storage';
import { createTestDatabase } from '@remote-ocr/storage/testing';
import { OrphanSweeper } from './orphan-sweeper.service.js';

jest.setTimeout(60_000);

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

describe('the worker’s OrphanSweeper (real Postgres, disk store)', () => {
  let db: TestDatabase;
  let jobs: JobStore;
  let dataDir: string;
  let objects: DiskObjectStore;
  let config: AppConfig;

  beforeAll(async () => {
    db = await createTestDatabase('orphan_sweeper');
    jobs = createPostgresJobStore({ connectionString: db.url });
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'orphan-sweeper-'));
    objects = new DiskObjectStore({ root: dataDir, baseUrl: 'http://x', secret: 'sweeper-0001' });
    config = parseConfig({ REMOTE_OCR_DATA_DIR: dataDir, ORPHAN_SWEEP_GRACE_S: '600' });
  });
  afterAll(async () => {
    await jobs?.close();
    await db?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function writeAged(id: string, ageMs: number): Promise<void> {
    const key = jobObjectKey(id, 'result.zip');
    await objects.put(key, 'zip');
    const at = new Date(Date.now() - ageMs);
    await utimes(objects.pathFor(key), at, at);
  }

  it('removes objects of deleted jobs older than ORPHAN_SWEEP_GRACE_S', async () => {
    const old = randomUUID();
    const young = randomUUID();
    await writeAged(old, 11 * 60_000);
    await writeAged(young, 9 * 60_000);
    const sweeper = new OrphanSweeper(config, jobs, objects);
    expect(await sweeper.sweep()).toBe(1);
    expect(await objects.list(`${jobPrefix(old)}/`)).toEqual([]);
    expect(await objects.list(`${jobPrefix(young)}/`)).toHaveLength(1);
    expect(await sweeper.sweep()).toBe(0);
  });

  it('reads its settings from the environment and refuses a grace under a minute', () => {
    expect(parseConfig({ REMOTE_OCR_DATA_DIR: dataDir }).orphanSweep).toEqual({
      intervalMs: 3_600_000,
      graceMs: 3_600_000,
    });
    expect(
      parseConfig({ REMOTE_OCR_DATA_DIR: dataDir, ORPHAN_SWEEP_INTERVAL_MIN: '0' }).orphanSweep
        .intervalMs,
    ).toBe(0);
    expect(() => parseConfig({ REMOTE_OCR_DATA_DIR: dataDir, ORPHAN_SWEEP_GRACE_S: '5' })).toThrow(
      ConfigError,
    );
  });
});
