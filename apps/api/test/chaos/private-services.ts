import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../e2e/stack.js';
import { sleep } from './chaos-kit.js';

const run = promisify(execFile);

/** A redis-server of this test alone (never the shared 6379 one), with AOF in a temp dir. */
export class PrivateRedis {
  private child: ChildProcess | null = null;

  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(
      await freePort(),
      await mkdtemp(path.join(os.tmpdir(), 'chaos-redis-')),
    );
    await redis.up();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'yes',
      '--dir',
      this.dir,
    ];
    this.child = spawn('redis-server', args, { stdio: 'ignore' });
    for (let i = 0; i < 50; i++) {
      const ok = await run('redis-cli', ['-p', String(this.port), 'ping']).then(
        (r) => r.stdout.trim() === 'PONG',
        () => false,
      );
      if (ok) return;
      await sleep(100);
    }
    throw new Error('private redis did not start');
  }

  /** Kills the server the hard way (what a crash or OOM kill does); AOF keeps what was fsynced. */
  async down(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    await this.down();
    await rm(this.dir, { recursive: true, force: true });
  }
}

const PG_BIN = '/usr/lib/postgresql/15/bin';

/** A Postgres cluster of this test alone (initdb into a temp dir, run as the postgres user). */
export class PrivatePostgres {
  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chaos-pg-'));
    await chmod(dir, 0o700);
    const { stdout } = await run('id', ['-u', 'postgres']);
    const uid = Number(stdout.trim());
    await chown(dir, uid, uid);
    const pg = new PrivatePostgres(await freePort(), dir);
    await pg.as(`${PG_BIN}/initdb`, [
      '-D',
      `${dir}/data`,
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
    ]);
    await pg.up();
    return pg;
  }

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  private as(bin: string, args: string[]): Promise<unknown> {
    return run('runuser', ['-u', 'postgres', '--', bin, ...args]);
  }

  async up(): Promise<void> {
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    await this.as(`${PG_BIN}/pg_ctl`, [
      '-D',
      `${this.dir}/data`,
      '-o',
      opts,
      '-l',
      `${this.dir}/log`,
      '-w',
      'start',
    ]);
  }

  /** Fast shutdown: clients are disconnected, in-flight transactions roll back. */
  async down(): Promise<void> {
    await this.as(`${PG_BIN}/pg_ctl`, ['-D', `${this.dir}/data`, '-m', 'fast', '-w', 'stop']);
  }

  async stop(): Promise<void> {
    await this.down().catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }
}
