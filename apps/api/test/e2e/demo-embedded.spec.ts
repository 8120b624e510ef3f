import { jest } from '@jest/globals';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPostgresJobStore, startEmbeddedPostgres } from '@remote-ocr/storage';
import { runWithoutServices, type RunResult } from './no-services.js';

// `npm run demo` (tools/demo.mjs) on a machine with no Redis and no PostgreSQL running: the
// embedded database and a private redis-server, then the same sample with no redis-server at all.
// The built apps are needed (npm test builds first).
jest.setTimeout(300_000);

const REDIS_SERVER_ON_PATH = process.env.PATH ?? '';

const failure = (run: RunResult): string =>
  `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;

const onPath = (name: string): boolean =>
  REDIS_SERVER_ON_PATH.split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, name)));

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm run demo with nothing but Node', () => {
  let work: string;
  let emptyBin: string;
  let serverResult: string;
  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'remote-ocr-demo-'));
    emptyBin = path.join(work, 'empty-bin'); // a PATH without redis-server
    await mkdir(emptyBin);
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('runs the sample on an embedded PGlite and a private redis-server, and keeps the job', async () => {
    // The private-Redis path needs the binary; without it the demo (rightly) takes the other path.
    if (!onPath('redis-server'))
      throw new Error(
        'redis-server must be on the PATH for this test (apt-get install redis-server)',
      );
    const dataDir = path.join(work, 'data');
    const env = { PATH: REDIS_SERVER_ON_PATH, REMOTE_OCR_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    const run = await runWithoutServices('demo.mjs', [], { cwd: work, env });
    expect(run.code).toBe(0);
    if (run.code !== 0) throw new Error(failure(run));

    const outDirs = (await readdir(path.join(work, 'ocr-out', 'demo'))).filter(
      (d) => d !== 'in-process',
    );
    expect(outDirs).toHaveLength(1);
    const jobId = outDirs[0];
    serverResult = await readFile(path.join(work, 'ocr-out', 'demo', jobId, 'result.md'), 'utf8');
    expect(serverResult).toContain('[[[BLOCK_ID: SMPL-TEXT-001]]]');
    expect(serverResult).toContain('[[[BLOCK_ID: SMPL-TABL-002]]]');

    // Everything it started is gone: no owner locks, no redis-server left running.
    expect(existsSync(path.join(dataDir, 'pg.owner.json'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'redis.owner.json'))).toBe(false);
    const redisPid = Number(
      await readFile(path.join(dataDir, 'redis', 'redis.pid'), 'utf8').catch(() => '0'),
    );
    if (redisPid > 0) expect(pidAlive(redisPid)).toBe(false);
    expect(existsSync(path.join(dataDir, 'redis', 'appendonlydir'))).toBe(true);

    // The job row is kept in the embedded database's files, done, between runs.
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg') });
    const store = createPostgresJobStore({ connectionString: pg.url });
    try {
      expect(await store.jobs.get(jobId)).toMatchObject({
        status: 'done',
        documentName: 'sample.pdf',
      });
    } finally {
      await store.close();
      await pg.stop();
    }
  });

  it('without a redis-server, runs the same sample in one process and shows the same result', async () => {
    const dataDir = path.join(work, 'data-no-redis');
    const env = { PATH: emptyBin, REMOTE_OCR_DATA_DIR: dataDir };
    const run = await runWithoutServices('demo.mjs', [], { cwd: work, env });
    expect(run.code).toBe(0);
    if (run.code !== 0) throw new Error(failure(run));
    const md = await readFile(
      path.join(work, 'ocr-out', 'demo', 'in-process', 'result.md'),
      'utf8',
    );
    expect(md).toBe(serverResult);
    expect(run.stdout).toContain(md.split('\n').slice(0, 15).join('\n')); // shown, as the server path
    // Nothing was embedded for it: no database files, no Redis data.
    expect(existsSync(path.join(dataDir, 'pg'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'redis'))).toBe(false);
  });

  it('npm start without any Redis stops with its clear error and starts nothing', async () => {
    const dataDir = path.join(work, 'data-start');
    const env = { PATH: emptyBin, REMOTE_OCR_DATA_DIR: dataDir };
    const run = await runWithoutServices('start.mjs', [], { cwd: work, env, timeoutMs: 60_000 });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Redis is not reachable at redis:\/\/127\.0\.0\.1:\d+/);
    expect(existsSync(path.join(dataDir, 'pg'))).toBe(false);
  });

  it('npm run doctor shows the decision: embedded without settings, never with DATABASE_URL', async () => {
    const doctor = async (env: Record<string, string>) => {
      const run = await runWithoutServices('doctor.mjs', ['--json'], { cwd: work, env });
      if (run.code !== 0) throw new Error(failure(run));
      const { plans } = JSON.parse(run.stdout) as { plans: { command: string }[] };
      return Object.fromEntries(plans.map((p) => [p.command, p]));
    };
    const bare = await doctor({ PATH: REDIS_SERVER_ON_PATH });
    expect(bare.start).toMatchObject({ database: { use: 'embedded' }, queue: { use: 'private' } });
    expect(bare.ocr).toMatchObject({ database: { use: 'none' }, queue: { use: 'none' } });

    const given = await doctor({
      PATH: emptyBin,
      DATABASE_URL: 'postgres://app:s3cret@db.internal:5432/ocr',
    });
    expect(given.start).toMatchObject({
      database: { use: 'given', url: 'postgres://app:***@db.internal:5432/ocr' },
      queue: { use: 'missing' },
    });
    expect(given.demo).toMatchObject({ queue: { use: 'in-process' } });
  });
});
