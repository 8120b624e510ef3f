// A private `redis-server` for one machine without Redis running: loopback only, a free port, its
// append-only file under <data dir>/redis (kept between runs), stopped with the command that
// started it. One launcher owns it (<dir>.owner.json, the same lock as the embedded database); a
// second launcher on the same data dir uses the running one.
import { spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';

const START_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 10_000;
const OWNER_PORT_WAIT_MS = 30_000;

/** A free loopback port: listen on 0, read it, close (redis-server cannot be given port 0). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const urlOf = (port) => `redis://127.0.0.1:${port}`;

/**
 * A redis-server left running by a launcher that was killed (its lock is stale) would write the
 * same append-only file as a new one: stop it first. Its pid file is written by redis itself.
 */
async function stopOrphan(pidFile) {
  let pid;
  try {
    pid = Number((await readFile(pidFile, 'utf8')).trim());
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    if (!cmdline.includes('redis-server')) return;
  } catch {
    return; // no pid file, or the process is gone (or no /proc: nothing we can check)
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_GRACE_MS;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Resolves once redis-server answers PING, rejects when it exits or the timeout passes. */
async function waitForPing(url, child) {
  const { Redis } = await import('ioredis');
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (code ${child.exitCode})`);
    const client = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      enableOfflineQueue: false,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      if ((await client.ping()) === 'PONG') return;
    } catch {
      // not listening yet
    } finally {
      client.disconnect();
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`redis-server did not answer within ${START_TIMEOUT_MS / 1000} s`);
}

function spawnRedis(binary, dir, port) {
  const args = [
    ['--bind', '127.0.0.1'],
    ['--port', String(port)],
    ['--dir', dir],
    ['--pidfile', path.join(dir, 'redis.pid')],
    ['--appendonly', 'yes'],
    ['--save', ''],
    ['--maxmemory-policy', 'noeviction'],
    ['--daemonize', 'no'],
    ['--logfile', path.join(dir, 'redis.log')],
  ].flat();
  const child = spawn(binary, args, { stdio: 'ignore' });
  child.exited = new Promise((resolve) => child.once('exit', resolve));
  return child;
}

/**
 * Starts (or joins) the private Redis of `dir`. `storage` is @remote-ocr/storage (its OwnerLock).
 * Returns { url, port, owned, stop }.
 */
export async function startPrivateRedis({ binary, dir, storage }) {
  await mkdir(dir, { recursive: true });
  const lockFile = `${dir}.owner.json`;
  const result = await storage.OwnerLock.acquire(lockFile);
  if (result.kind === 'owned') {
    const owner = await storage.waitForOwnerPort(lockFile, OWNER_PORT_WAIT_MS);
    if (!owner?.port)
      throw new Error(`the private Redis in ${dir} is held by process ${result.owner.pid}`);
    return { url: urlOf(owner.port), port: owner.port, owned: false, stop: async () => {} };
  }
  const { lock } = result;
  try {
    await stopOrphan(path.join(dir, 'redis.pid'));
    const port = await freePort();
    const child = spawnRedis(binary, dir, port);
    await waitForPing(urlOf(port), child).catch((error) => {
      child.kill('SIGKILL');
      throw error;
    });
    await lock.setPort(port);
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM'); // redis flushes its append-only file and exits
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await child.exited;
        clearTimeout(timer);
      }
      await lock.release();
    };
    return { url: urlOf(port), port, owned: true, stop };
  } catch (error) {
    await lock.release();
    throw error;
  }
}
