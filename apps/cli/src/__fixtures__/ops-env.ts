import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { OCR_JOB_NAME, OCR_QUEUE, type JobRecord, type JobStatus } from '@remote-ocr/contracts';
import { openJobStore, parseConfig, redisConnection } from '@remote-ocr/server';
import type { JobStore } from '@remote-ocr/storage';
import { Queue, type JobsOptions } from 'bullmq';
import pg from 'pg';

const PG = 'postgres://postgres@127.0.0.1:5432';

/** A fresh database and a unique queue prefix, so tests run next to everyone else's. */
export interface OpsEnv {
  env: Record<string, string>;
  store: JobStore;
  queue: Queue;
  /** A job row in `status` (reached through real transitions). */
  job(status: JobStatus): Promise<JobRecord>;
  /** A queue entry for `id`, as the api adds it. */
  enqueue(id: string, options?: JobsOptions): Promise<void>;
  close(): Promise<void>;
}

const PATHS: Partial<Record<JobStatus, JobStatus[]>> = {
  processing: ['processing'],
  error: ['processing', 'error'],
  paused: ['paused'],
  done: ['processing', 'done'],
};

export async function openOpsEnv(): Promise<OpsEnv> {
  const tag = randomUUID().slice(0, 8);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cli-ops-'));
  const env = {
    DATABASE_URL: `${PG}/cli_ops_${tag}`,
    QUEUE_PREFIX: `cli-ops-${tag}`,
    REMOTE_OCR_DATA_DIR: dataDir,
  };
  const config = parseConfig(env);
  const store = await openJobStore(config); // creates and migrates the database
  const queue = new Queue(OCR_QUEUE, {
    connection: redisConnection(config.redis.url),
    prefix: config.redis.prefix,
  });
  return {
    env,
    store,
    queue,
    async job(status) {
      const id = randomUUID();
      let job = await store.jobs.create({
        id,
        clientId: 'ops-test',
        documentId: 'a'.repeat(64),
        documentName: `${status}.pdf`,
        taskName: '',
        status: 'queued',
        engine: 'local',
        r2Prefix: `ocr_jobs/${id}`,
      });
      let from: JobStatus = 'queued';
      for (const to of PATHS[status] ?? []) {
        job = (await store.jobs.transition(id, [from], to))!;
        from = to;
      }
      return job;
    },
    async enqueue(id, options = {}) {
      await queue.add(OCR_JOB_NAME, { jobId: id }, { jobId: id, attempts: 1, ...options });
    },
    async close() {
      await queue.obliterate({ force: true });
      await queue.close();
      await store.close();
      const admin = new pg.Client({ connectionString: `${PG}/postgres` });
      await admin.connect();
      await admin.query(
        `drop database if exists ${pg.escapeIdentifier(`cli_ops_${tag}`)} with (force)`,
      );
      await admin.end();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
