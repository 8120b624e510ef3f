// The server as users run it, for benchmarks: a fresh database, a unique queue prefix, the disk
// object store in a temp dir, the built api and worker as separate processes. Everything is
// removed again by `stop()` (database dropped, Redis keys of the prefix deleted, temp dir gone).
// The e2e tests have a TypeScript twin (apps/api/test/e2e/stack.ts); benchmarks are plain .mjs
// run by Node directly, hence this small copy.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { startAppProcess, waitForHttp } from '../../tools/app-process.mjs';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const FIXTURES = path.resolve(ROOT, '../shared/fixtures/pdfs');
export const API_KEY = 'bench-operator-key-0001';
const PG = 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function adminQuery(sql) {
  const client = new pg.Client({ connectionString: `${PG}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A built app as a child process, started as `npm start` does (tools/app-process.mjs). */
const startApp = (app, env, extraArgs = []) =>
  startAppProcess(app, { env, extraArgs, keepChars: 20_000 });

/** Fresh database + prefix + temp dir; api and workers started on demand. */
export class BenchStack {
  tag = randomBytes(4).toString('hex');
  database = `bench_${this.tag}`;
  prefix = `bench-${this.tag}`;
  workers = [];
  api = null;

  /** Creates the database and data dir; `env` is added to every process's environment. */
  static async create(env = {}) {
    const stack = new BenchStack();
    await adminQuery(`CREATE DATABASE ${stack.database}`);
    stack.pool = new pg.Pool({ connectionString: `${PG}/${stack.database}`, max: 4 });
    stack.pool.on('error', () => {}); // DROP … WITH (FORCE) ends idle connections at stop
    stack.dataDir = await mkdtemp(path.join(os.tmpdir(), `remote-ocr-bench-${stack.tag}-`));
    stack.port = await freePort();
    stack.baseUrl = `http://127.0.0.1:${stack.port}`;
    stack.env = {
      PORT: String(stack.port),
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: stack.baseUrl,
      DATABASE_URL: `${PG}/${stack.database}`,
      REDIS_URL,
      QUEUE_PREFIX: stack.prefix,
      REMOTE_OCR_API_KEY: API_KEY,
      REMOTE_OCR_DATA_DIR: stack.dataDir,
      WORKER_METRICS_PORT: '0',
      LOG_LEVEL: 'warn',
      ...env,
    };
    onExitCleanup(stack);
    return stack;
  }

  /** Starts the api (it migrates the fresh database) and waits for /health. */
  async startApi(nodeArgs = []) {
    this.api = startApp('api', this.env, nodeArgs);
    await waitForHttp(`${this.baseUrl}/health`, this.api);
    return this.api;
  }

  /** Starts one worker; its own env on top of the stack's. */
  startWorker(env = {}, nodeArgs = []) {
    const worker = startApp('worker', { ...this.env, ...env }, nodeArgs);
    this.workers.push(worker);
    return worker;
  }

  query(sql, params = []) {
    return this.pool.query(sql, params).then((r) => r.rows);
  }

  logs() {
    return [this.api, ...this.workers]
      .filter(Boolean)
      .map((p) => `--- ${p.name}\n${p.output().slice(-4000)}`)
      .join('\n');
  }

  async stop() {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.allSettled([...this.workers, this.api].filter(Boolean).map((p) => p.stop()));
    await this.pool?.end();
    await adminQuery(`DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`).catch(() => {});
    await rm(this.dataDir, { recursive: true, force: true });
    await deleteRedisKeys(`${this.prefix}:*`);
  }
}

/** Deletes every Redis key matching `pattern` (SCAN, so Redis is never blocked). */
async function deleteRedisKeys(pattern) {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Ctrl-C or a deadline still stops the processes and drops the database. */
function onExitCleanup(stack) {
  const stop = (code) => () => {
    stack.stop().finally(() => process.exit(code));
  };
  process.once('SIGINT', stop(130));
  process.once('SIGTERM', stop(143));
}

/**
 * Runs `main(stack)` with a fresh stack and a hard deadline, so a benchmark always ends by itself
 * and always cleans up.
 */
export async function withStack(env, deadlineMs, main) {
  const stack = await BenchStack.create(env);
  const deadline = setTimeout(() => {
    console.error(`deadline of ${deadlineMs / 1000} s passed; stopping`);
    console.error(stack.logs());
    stack.stop().finally(() => process.exit(1));
  }, deadlineMs);
  try {
    return await main(stack);
  } catch (error) {
    console.error(error);
    console.error(stack.logs());
    process.exitCode = 1;
  } finally {
    clearTimeout(deadline);
    await stack.stop();
  }
}
