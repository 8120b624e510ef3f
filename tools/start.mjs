#!/usr/bin/env node
// `npm start`: the api and one worker on this machine, on local defaults (docs/contract.md §7) unless the
// environment says otherwise — Redis and PostgreSQL on localhost, the database `remote_ocr`
// created and migrated, files under ./data, the `local` engine, port 8000, Swagger at /docs.
// Builds first when a dist is missing. Ctrl-C / SIGTERM stop both children cleanly.
// Also imported by tools/demo.mjs (startStack / stopStack).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAppProcess } from './app-process.mjs';
import { bringUp } from './services/bring-up.mjs';
import { superviseChildren } from './services/supervise.mjs';
import { decideAndPrepare } from './services/prepare.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const APPS = ['api', 'worker'];
const STOP_GRACE_MS = 30_000;

/** A start-up problem with a message for the user (printed by fail() once cleanup is done). */
class StartupError extends Error {}

/** One line on stderr and exit 1: what a newcomer sees instead of a stack trace. */
export function fail(message) {
  process.stderr.write(`\n✖ ${message}\n`);
  process.exit(1);
}

/** dist outputs the api and worker need at run time. */
function missingBuilds() {
  const libs = readdirSync(path.join(ROOT, 'libs')).filter((lib) => lib !== 'testing');
  const wanted = [
    ...APPS.map((app) => path.join('apps', app, 'dist', 'main.js')),
    ...libs.map((lib) => path.join('libs', lib, 'dist', 'index.js')),
  ];
  return wanted.filter((file) => !existsSync(path.join(ROOT, file)));
}

/** The nx CLI script, from its package's `bin` (its location changed between Nx versions). */
function nxBin() {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('nx/package.json');
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8'));
  return path.join(path.dirname(manifest), typeof bin === 'string' ? bin : bin.nx);
}

/**
 * Build stages in dependency order. Each stage is one Nx run (cached, parallel inside); the order
 * is explicit because the Nx project graph does not know the workspace dependencies, so `^build`
 * alone cannot order a build from scratch.
 */
export const BUILD_STAGES = [
  ['contracts'],
  ['ocr-core'],
  ['render', 'storage', 'engines'],
  ['server'],
  ['api', 'worker', 'cli'],
];

/** Builds every project the apps need, stage by stage. */
export function buildAll(log = console.log) {
  for (const stage of BUILD_STAGES) {
    log(`Building ${stage.join(', ')}…`);
    const result = spawnSync(
      process.execPath,
      [
        nxBin(),
        'run-many',
        '-t',
        'build',
        `--projects=${stage.join(',')}`,
        '--output-style=static',
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
    );
    if (result.status !== 0) {
      process.stderr.write(result.stdout + result.stderr);
      fail(`Building ${stage.join(', ')} failed (see above). Run \`npm run build\` to retry.`);
    }
  }
}

/**
 * Builds when any dist the api, worker or cli need is missing: a transpile-only SWC build
 * (tools/fast-build.mjs, seconds instead of minutes; `npm run build` type-checks and replaces it).
 */
export function ensureBuilt(log = console.log) {
  const missing = missingBuilds();
  if (missing.length === 0) return;
  log(
    `Missing ${missing[0]}${missing.length > 1 ? ` and ${missing.length - 1} more` : ''}: transpiling the sources first.`,
  );
  const script = path.join(ROOT, 'tools', 'fast-build.mjs');
  const result = spawnSync(process.execPath, [script], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    fail('Transpiling the sources failed (see above). `npm run build` shows the type errors.');
  }
  log(result.stdout.trim());
}

async function loadServerLibs() {
  await import('reflect-metadata');
  const server = await import('@remote-ocr/server');
  const storage = await import('@remote-ocr/storage');
  return { server, storage };
}

const redact = (url) => url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');

/**
 * One PING without a reconnect loop (libs/server use-cases/check-redis.ts): one clear message.
 * REDIS_URL may name a cluster or Sentinels (docs/scaling.md).
 */
async function checkRedis(server, url, cluster = false) {
  await server.checkRedisReachable({ url, cluster }).catch((error) => {
    if (!(error instanceof server.RedisUnreachableError)) throw error;
    throw new StartupError(
      `${error.message}.\n` +
        '  Start it — e.g. `redis-server --appendonly yes` or `sudo service redis-server start`, or\n' +
        '  `docker run -d -p 6379:6379 redis:7 redis-server --appendonly yes --maxmemory-policy noeviction` —\n' +
        '  or point REDIS_URL at a running one. With `redis-server` on the PATH and no REDIS_URL,\n' +
        '  npm start runs a private one itself (`npm run doctor` shows what it finds).',
    );
  });
}

/** Creates the database if needed and applies migrations; a dead server is one clear message. */
async function prepareDatabase(config, storage) {
  if (config.database.kind !== 'postgres' || !config.database.autoMigrate) return;
  const url = config.database.url;
  try {
    if (await storage.ensureDatabase(url)) console.log(`Created database ${redact(url)}`);
    const { applied } = await storage.migrate(url);
    if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`);
  } catch (error) {
    const code = error.code ?? '';
    const down = ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH'].includes(code);
    if (!down && !/connect/i.test(error.message)) throw error;
    throw new StartupError(
      `PostgreSQL is not reachable at ${redact(url)} (${error.message}).\n` +
        '  Start it — e.g. `sudo service postgresql start`, or\n' +
        '  `docker run -d -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust postgres:17` —\n' +
        '  or point DATABASE_URL at a running one (the user needs the right to create the database).',
    );
  }
}

/** Child output prefixed with its name, so api and worker logs can be told apart. */
function pipeWithPrefix(stream, prefix, target) {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) target.write(`${prefix} ${line}\n`);
  });
  stream.on('end', () => rest && target.write(`${prefix} ${rest}\n`));
}

/** One app from its build (tools/app-process.mjs); its output prefixed on ours, or kept quiet. */
function startChild(app, env, quiet) {
  const proc = startAppProcess(app, { env });
  const prefix = `[${app}]`.padEnd(8);
  if (!quiet) {
    pipeWithPrefix(proc.child.stdout, prefix, process.stdout);
    pipeWithPrefix(proc.child.stderr, prefix, process.stderr);
  }
  return proc;
}

/** Polls GET /health until the api answers (or a child dies, or the timeout passes). */
async function waitForApi(baseUrl, children, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  let died = null;
  for (const c of children) void c.exited.then(() => (died ??= c));
  while (Date.now() < deadline) {
    if (died) {
      // Shown when a child dies during start-up, so a failure is never silent.
      const lines = died.output().split('\n').filter(Boolean).slice(-20);
      const tail = lines.length ? `\n  last output:\n    ${lines.join('\n    ')}` : '';
      throw new Error(`the ${died.app} stopped during start-up${tail}`);
    }
    try {
      const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the api did not answer ${baseUrl}/health within ${timeoutMs / 1000} s`);
}

/** Starts the embedded services `chosen` (tools/services/decide.mjs) names, one line each. */
async function startServices(chosen, { server, storage }) {
  // No Redis and nothing to run one with: say so before starting anything else.
  if (chosen.queue.use === 'missing')
    await checkRedis(server, chosen.queue.probed).catch((error) => fail(error.message));
  try {
    const up = await bringUp(chosen, storage);
    for (const line of up.lines) console.log(line);
    return up;
  } catch (error) {
    fail(`Could not start an embedded service: ${error.message}`);
  }
}

/**
 * Decides which Redis and database to use (`prepared` when the caller already did, from
 * decideAndPrepare), builds when needed, starts embedded services where none is set or found,
 * prepares the database, starts the api and a worker with `env` (process.env plus overrides) and
 * waits for /health. Returns the running stack.
 */
export async function startStack({ env = process.env, quiet = false, prepared } = {}) {
  const { services, ready } = prepared ?? (await decideAndPrepare(env, 'start'));
  ensureBuilt(quiet ? () => undefined : console.log); // a new database's initdb runs meanwhile
  await ready;
  const { server, storage } = await loadServerLibs();
  const up = await startServices(services, { server, storage });
  const fullEnv = { ...env, ...up.env };
  const stack = { children: [], services: up };
  try {
    stack.config = server.parseConfig(fullEnv);
    await checkRedis(server, stack.config.redis.url, stack.config.redis.cluster);
    await prepareDatabase(stack.config, storage);
  } catch (error) {
    await up.stop();
    if (error instanceof server.ConfigError || error instanceof StartupError) fail(error.message);
    throw error;
  }
  stack.env = fullEnv;
  stack.children = APPS.map((app) => startChild(app, fullEnv, quiet));
  stack.baseUrl = `http://localhost:${stack.config.http.port}`;
  try {
    await waitForApi(stack.baseUrl, stack.children);
  } catch (error) {
    await stopStack(stack);
    fail(`Could not start: ${error.message}`);
  }
  return stack;
}

/** SIGTERM to every child (api and worker shut down gracefully), SIGKILL after the grace. */
export async function stopStack(stack) {
  await Promise.all(stack.children.map((child) => child.stop('SIGTERM', STOP_GRACE_MS)));
  await stack.services?.stop(); // embedded database / private Redis, after their clients
}

async function main() {
  const stack = await startStack();
  const { baseUrl, config } = stack;
  console.log(
    `\n✔ Remote OCR is running: api ${baseUrl} (Swagger UI ${baseUrl}/docs), 1 worker, ` +
      `default engine "${config.engines.default}", files in ${path.relative(process.cwd(), config.dataDir) || '.'}\n` +
      '  Press Ctrl-C to stop.\n',
  );
  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping api and worker…`);
    await stopStack(stack);
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // A worker that recycled itself (exit 0) is replaced; any other exit takes the rest down: a
  // half-running server is worse than none.
  const first = await superviseChildren(stack.children, {
    startWorker: () => startChild('worker', stack.env, false),
    stopping: () => stopping,
    log: (line) => console.log(line),
  });
  if (stopping) return;
  stopping = true;
  console.error(
    `\n✖ the ${first.c.app} exited (${first.r.signal ?? `code ${first.r.code}`}); stopping.`,
  );
  await stopStack(stack);
  process.exit(1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // `--build-only`: the build of the apps and their libs, in order (used by docker/Dockerfile).
  // `--ensure-built`: build only when a dist is missing (npm run ocr / ops use it, quietly).
  if (process.argv.includes('--build-only')) buildAll();
  else if (process.argv.includes('--ensure-built')) ensureBuilt((line) => console.error(line));
  else main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
}
