import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRedisClient, dataNodes } from '@remote-ocr/server';
import pg from 'pg';
import { dropDatabase, startLocalS3, type LocalS3 } from '@remote-ocr/storage/testing';
import { startApp, waitForHttp, type ServerProcess } from './processes.js';
import { ApiClient } from './api-client.js';

export const API_KEY = 'e2e-operator-key-0001';
const ADMIN_DB = 'postgres://postgres@127.0.0.1:5432/postgres';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_DB });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface StackOptions {
  env?: Record<string, string>;
  workers?: number;
  /** `s3` (default: a real S3-protocol server on loopback) or `disk`. */
  storage?: 's3' | 'disk';
}

/**
 * The whole server as users run it: a fresh database, a unique queue prefix, an S3-protocol
 * server (or the disk store), the built api and N built workers as separate processes.
 */
export class Stack {
  readonly tag = randomBytes(4).toString('hex');
  readonly database = `e2e_${this.tag}`;
  readonly databaseUrl = `postgres://postgres@127.0.0.1:5432/${this.database}`;
  s3: LocalS3 | null = null;
  api!: ServerProcess;
  workers: ServerProcess[] = [];
  client!: ApiClient;
  env: Record<string, string> = {};
  dataDir = '';
  pool!: pg.Pool;

  static async start(options: StackOptions = {}): Promise<Stack> {
    const stack = new Stack();
    await stack.boot(options);
    return stack;
  }

  private async boot(options: StackOptions): Promise<void> {
    await adminQuery(`CREATE DATABASE ${this.database}`);
    this.pool = new pg.Pool({ connectionString: this.databaseUrl, max: 2 });
    this.dataDir = await mkdtemp(path.join(os.tmpdir(), `remote-ocr-e2e-${this.tag}-`));
    const port = await freePort();
    this.env = {
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: this.databaseUrl,
      // The `cluster` jest project points this at its Redis Cluster (docs/scaling.md).
      REDIS_URL: process.env.E2E_REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: process.env.E2E_REDIS_URL ? `{e2e-${this.tag}}` : `e2e-${this.tag}`,
      REMOTE_OCR_API_KEY: API_KEY,
      REMOTE_OCR_DATA_DIR: this.dataDir,
      WORKER_METRICS_PORT: '0',
      LOG_LEVEL: 'warn',
      RENDER_THREADS: '1',
      ...(await this.storageEnv(options.storage ?? 's3')),
      ...options.env,
    };
    this.api = startApp('api', this.env);
    // E2E_START_TIMEOUT_MS: more time to boot on a saturated machine (the cluster project sets it).
    const bootMs = Number(process.env.E2E_START_TIMEOUT_MS ?? 30_000);
    await waitForHttp(`http://127.0.0.1:${port}/health`, this.api, bootMs);
    for (let i = 0; i < (options.workers ?? 1); i++) this.addWorker();
    this.client = new ApiClient(`http://127.0.0.1:${port}`, API_KEY);
  }

  private async storageEnv(kind: 's3' | 'disk'): Promise<Record<string, string>> {
    if (kind === 'disk') return {};
    this.s3 = await startLocalS3(`e2e-${this.tag}`);
    return {
      S3_ENDPOINT: this.s3.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      S3_REGION: 'us-east-1',
      R2_ACCESS_KEY_ID: this.s3.accessKeyId,
      R2_SECRET_ACCESS_KEY: this.s3.secretAccessKey,
      R2_BUCKET_NAME: this.s3.bucket,
    };
  }

  addWorker(env: Record<string, string> = {}): ServerProcess {
    const worker = startApp('worker', { ...this.env, ...env }, `worker-${this.workers.length + 1}`);
    this.workers.push(worker);
    return worker;
  }

  async query<T extends pg.QueryResultRow = any>(
    sql: string,
    params: unknown[] = [],
  ): Promise<T[]> {
    return (await this.pool.query<T>(sql, params)).rows;
  }

  /** Removes the queue and limiter keys of this stack's prefix from the shared Redis. */
  private async dropRedisKeys(): Promise<void> {
    const redis = createRedisClient(
      { url: this.env.REDIS_URL },
      { lazyConnect: true, maxRetriesPerRequest: 1 },
    );
    try {
      await redis.connect();
      const prefix = this.env.QUEUE_PREFIX;
      // A cluster scans per master; the keys of one prefix share a slot, so one DEL takes them.
      for (const node of dataNodes(redis))
        for (const pattern of [`${prefix}:*`, `semaphore:${prefix}:*`]) {
          let cursor = '0';
          do {
            const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
            cursor = next;
            if (keys.length > 0) await redis.del(...keys);
          } while (cursor !== '0');
        }
    } finally {
      redis.disconnect();
    }
  }

  /** Output of every process, for failure messages. */
  logs(): string {
    return [this.api, ...this.workers]
      .map((p) => `--- ${p.name}\n${p.output().slice(-5000)}`)
      .join('\n');
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.workers, this.api].filter(Boolean).map((p) => p.stop()));
    await this.pool?.end();
    await this.s3?.stop();
    await this.dropRedisKeys();
    // Waits for the pool's sockets to leave first: forcing them out raced their own close.
    await dropDatabase(this.database);
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
