// Which Redis and which PostgreSQL a command on this machine will use, decided in one place for
// `npm start`, `npm run demo`, `npm run ocr` and shown by `npm run doctor` (docs/embedded.md):
//
//   database: SUPABASE_URL+KEY or DATABASE_URL set → that, never embedded; else something answers
//             on the default address → it; else an embedded PGlite under <data dir>/pg.
//   queue:    REDIS_URL set → that; else a Redis answers on the default address → it; else a
//             private `redis-server` (when on the PATH) with data under <data dir>/redis; else
//             none: the demo runs the sample in one process, `npm start` stops with its message.
//   npm run ocr needs neither.
import { accessSync, constants } from 'node:fs';
import { Socket } from 'node:net';
import path from 'node:path';

const PROBE_TIMEOUT_MS = 1000;
/** The apps run with the repository root as their directory: a relative data dir is theirs. */
const APPS_CWD = path.resolve(import.meta.dirname, '..', '..');

/**
 * Defaults the apps use when nothing is set (libs/server Environment), repeated here because the
 * decision runs before anything is built. Tests that cannot hide the machine's services in a
 * network namespace may point the probes elsewhere with REMOTE_OCR_PROBE_REDIS_URL /
 * REMOTE_OCR_PROBE_DATABASE_URL (test-only; the apps never read them).
 */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/remote_ocr';

const isSet = (value) => typeof value === 'string' && value.trim() !== '';

/** `host:port` of a service URL, for messages (no credentials). */
export function hostPort(url, defaultPort) {
  const { hostname, port } = new URL(url);
  return `${hostname}:${port || defaultPort}`;
}

/** True when a TCP connection to the URL's host:port opens within the timeout. */
export function answers(url, defaultPort) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(Number(port || defaultPort), hostname.replace(/^\[|\]$/g, ''), () => done(true));
  });
}

/** The absolute path of an executable named `name` on the PATH, or null. */
export function onPath(name, envPath = process.env.PATH ?? '') {
  for (const dir of envPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

async function findDatabase(env) {
  if (isSet(env.SUPABASE_URL) && isSet(env.SUPABASE_KEY))
    return { source: 'configured', kind: 'supabase', url: env.SUPABASE_URL };
  if (isSet(env.DATABASE_URL))
    return { source: 'configured', kind: 'postgres', url: env.DATABASE_URL };
  const probe = isSet(env.REMOTE_OCR_PROBE_DATABASE_URL)
    ? env.REMOTE_OCR_PROBE_DATABASE_URL
    : DEFAULT_DATABASE_URL;
  if (await answers(probe, 5432)) return { source: 'found', kind: 'postgres', url: probe };
  return { source: 'absent', kind: 'postgres', probed: probe };
}

async function findRedis(env) {
  if (isSet(env.REDIS_URL)) return { source: 'configured', url: env.REDIS_URL };
  const probe = isSet(env.REMOTE_OCR_PROBE_REDIS_URL)
    ? env.REMOTE_OCR_PROBE_REDIS_URL
    : DEFAULT_REDIS_URL;
  if (await answers(probe, 6379)) return { source: 'found', url: probe };
  return { source: 'absent', probed: probe, binary: onPath('redis-server', env.PATH) };
}

/** What is there: configured, found on the default address, or absent (with what could stand in). */
export async function findServices(env = process.env) {
  const [database, redis] = await Promise.all([findDatabase(env), findRedis(env)]);
  const dataDir = path.resolve(
    APPS_CWD,
    isSet(env.REMOTE_OCR_DATA_DIR) ? env.REMOTE_OCR_DATA_DIR : 'data',
  );
  return { database, redis, dataDir };
}

/**
 * What `command` ('start' | 'demo' | 'ocr') will use, given what was found:
 * database.use: 'given' | 'embedded' | 'none'; queue.use: 'given' | 'private' | 'in-process' |
 * 'missing' | 'none'. `given` carries the URL to use.
 */
export function plan(found, command) {
  if (command === 'ocr')
    return { command, database: { use: 'none' }, queue: { use: 'none' }, dataDir: found.dataDir };
  const queue = planQueue(found, command);
  // The in-process demo needs no database: nothing is started for it.
  const database =
    queue.use === 'in-process'
      ? { use: 'none' }
      : found.database.source === 'absent'
        ? { use: 'embedded', dir: path.join(found.dataDir, 'pg'), probed: found.database.probed }
        : { use: 'given', url: found.database.url };
  return { command, database, queue, dataDir: found.dataDir };
}

function planQueue({ redis, dataDir }, command) {
  if (redis.source !== 'absent') return { use: 'given', url: redis.url };
  if (redis.binary)
    return {
      use: 'private',
      binary: redis.binary,
      dir: path.join(dataDir, 'redis'),
      probed: redis.probed,
    };
  return { use: command === 'demo' ? 'in-process' : 'missing', probed: redis.probed };
}
