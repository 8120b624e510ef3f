import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  DomainError,
  OCR_JOB_NAME,
  OCR_QUEUE,
  jobObjectKey,
  jobPrefix,
  type JobRecord,
  type JobStatus,
} from '@remote-ocr/contracts';
import { DiskObjectStore, type JobStore } from '@remote-ocr/storage';
import { Queue } from 'bullmq';
import pg from 'pg';
import { parseConfig } from '../config/app-config.js';
import { openJobStore } from '../infra/infra-factories.js';
import { redisConnection } from '../queue/redis-options.js';
import { FairQueue } from '../queue/fair/fair-queue.js';
import { Redis } from 'ioredis';
import { admitNewWork, pickEngine, saveModelSettings } from './admit-job.js';
import { deleteJob, discardJob, removeJobData } from './delete-job.js';
import type { JobPorts } from './job-ports.js';
import { queueEntryState, requeueOrphans } from './requeue-orphans.js';
import { retryFailedBlocks } from './retry-failed-blocks.js';

const PG = 'postgres://postgres@127.0.0.1:5432';
const tag = randomUUID().slice(0, 8);
const dbName = `issue12_use_cases_${tag}`;

describe('job use cases (real Postgres, Redis and disk store)', () => {
  let ports: JobPorts;
  let store: JobStore;
  let queue: Queue;
  let redis: Redis;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'issue-12-use-cases-'));
    const config = parseConfig({
      DATABASE_URL: `${PG}/${dbName}`,
      QUEUE_PREFIX: `issue-12-use-cases-${tag}`,
      REMOTE_OCR_DATA_DIR: dataDir,
    });
    store = await openJobStore(config);
    queue = new Queue(OCR_QUEUE, {
      connection: redisConnection(config.redis.url),
      prefix: config.redis.prefix,
    });
    const objects = new DiskObjectStore({
      root: dataDir,
      baseUrl: 'http://x',
      secret: 'uc-000001',
    });
    redis = new Redis(config.redis.url);
    // The fair order on, as by default: runs go through it to the queue (docs/scaling.md).
    const fair = new FairQueue(queue, redis, { enabled: true, lookahead: 100, weights: new Map() });
    ports = { store, objects, queue, fair };
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    redis.disconnect();
    await store.close();
    const admin = new pg.Client({ connectionString: `${PG}/postgres` });
    await admin.connect();
    await admin.query(`drop database if exists ${pg.escapeIdentifier(dbName)} with (force)`);
    await admin.end();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function job(status: JobStatus, withObject = true): Promise<JobRecord> {
    const id = randomUUID();
    let row = await store.jobs.create({
      id,
      clientId: 'issue-12',
      documentId: 'a'.repeat(64),
      documentName: 'd.pdf',
      taskName: '',
      status: 'queued',
      engine: 'local',
      r2Prefix: jobPrefix(id),
    });
    if (status !== 'queued') row = (await store.jobs.transition(id, ['queued'], status))!;
    if (withObject) await ports.objects.put(jobObjectKey(id, 'document.pdf'), 'pdf');
    return row;
  }
  const enqueue = (id: string) => queue.add(OCR_JOB_NAME, { jobId: id }, { jobId: id });
  const objectsOf = (id: string) => ports.objects.list(`${jobPrefix(id)}/`);

  it('deleteJob drops the waiting queue entry, the objects and the rows', async () => {
    const waiting = await job('queued');
    await enqueue(waiting.id);
    await deleteJob(ports, waiting.id, waiting.status);
    expect(await store.jobs.get(waiting.id)).toBeNull();
    expect(await objectsOf(waiting.id)).toEqual([]);
    expect(await queueEntryState(queue, waiting.id)).toBe('missing');
  });

  it('deleteJob pauses a processing job without a queue entry, then removes it', async () => {
    const running = await job('processing');
    await deleteJob(ports, running.id, running.status);
    expect(await store.jobs.get(running.id)).toBeNull();
    expect(await objectsOf(running.id)).toEqual([]);
  });

  it('removeJobData and discardJob leave nothing; discardJob reports, never throws', async () => {
    const a = await job('queued');
    await removeJobData(ports, a.id);
    expect(await store.jobs.get(a.id)).toBeNull();
    const b = await job('queued');
    expect(await discardJob(ports, b.id)).toEqual([]);
    expect(await objectsOf(b.id)).toEqual([]);
    const broken = {
      ...ports,
      objects: { deletePrefix: () => Promise.reject(new Error('s3 down')) },
    };
    const c = await job('queued', false);
    const errors = await discardJob(broken as unknown as JobPorts, c.id);
    expect(errors.map((e) => (e as Error).message)).toEqual(['s3 down']);
    expect(await store.jobs.get(c.id)).toBeNull();
  });

  it('requeueOrphans enqueues lost queued jobs and idle orphans, and nothing else', async () => {
    const lost = await job('queued', false);
    const held = await job('queued', false);
    await enqueue(held.id);
    const orphan = await job('processing', false);
    const now = Date.now() + 120_000;
    const first = await requeueOrphans(ports, { now, minAgeMs: 60_000 });
    const ids = first.map((r) => r.job.id);
    expect(ids).toEqual(expect.arrayContaining([lost.id, orphan.id]));
    expect(ids).not.toContain(held.id);
    expect(first.find((r) => r.job.id === orphan.id)?.reason).toMatch(/processing without/);
    expect((await store.jobs.get(orphan.id))?.status).toBe('queued');
    expect(await queueEntryState(queue, lost.id)).toBe('waiting');
    // A processing job updated just now may still have a live worker: left alone.
    const again = await job('processing', false);
    expect(await requeueOrphans(ports)).toEqual([]);
    expect((await store.jobs.get(again.id))?.status).toBe('processing');
  });

  it('pickEngine, admitNewWork and saveModelSettings apply the server rules', async () => {
    const engines = { default: 'local' as const, available: ['local' as const] };
    expect(pickEngine(engines, undefined)).toBe('local');
    expect(() => pickEngine(engines, 'openrouter')).toThrow(
      expect.objectContaining({ code: 'engine_not_configured' }),
    );
    await expect(admitNewWork(ports.fair, 1_000_000)).resolves.toBeUndefined();
    await expect(admitNewWork(ports.fair, 0)).rejects.toBeInstanceOf(DomainError);
    const j = await job('queued', false);
    await saveModelSettings(store, j.id, {});
    expect(await store.settings.get(j.id)).toBeNull();
    await saveModelSettings(store, j.id, { text_model: 'm/text' });
    expect(await store.settings.get(j.id)).toMatchObject({ textModel: 'm/text' });
  });

  it('retryFailedBlocks clears failed blocks and queues a failed-only run of a finished job', async () => {
    const finished = (await store.jobs.transition(
      (await job('processing', false)).id,
      ['processing'],
      'done',
    ))!;
    const result = { jobId: finished.id, part: 0, text: '', engine: null, model: null };
    const tokens = { inputTokens: null, outputTokens: null };
    await store.blockResults.upsert({
      ...result,
      ...tokens,
      blockId: 'a',
      status: 'done',
      error: null,
      text: 'ok',
    });
    await store.blockResults.upsert({
      ...result,
      ...tokens,
      blockId: 'b',
      status: 'failed',
      error: 'x',
    });
    const queued = await retryFailedBlocks(ports, finished);
    expect(queued.status).toBe('queued');
    expect((await store.blockResults.list(finished.id)).map((r) => r.blockId)).toEqual(['a']);
    const entry = await queue.getJob(finished.id);
    expect(entry?.data).toMatchObject({ jobId: finished.id, mode: 'failed-only' });
    await expect(retryFailedBlocks(ports, queued)).rejects.toMatchObject({ code: 'invalid_state' });
    await entry?.remove();
    const clean = (await store.jobs.transition(finished.id, ['queued'], 'done'))!;
    await expect(retryFailedBlocks(ports, clean)).rejects.toThrow(/no failed blocks/);
  });
});
