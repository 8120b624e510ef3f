#!/usr/bin/env node
// `npm run doctor`: what this machine has, what `npm start`, `npm run demo` and `npm run ocr` will
// use or embed — from the same decision code they run (tools/services/decide.mjs) — and what to
// set for production. `--json` prints the findings and plans as JSON (used by the tests).
// Reads nothing but the environment and two TCP probes; starts nothing.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { findServices, hostPort, plan } from './services/decide.mjs';

/** Hides a password in a connection URL. */
const redact = (url) => url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
const rel = (p) => path.relative(process.cwd(), p) || '.';

function foundLines({ redis, database, dataDir }) {
  const redisLine =
    redis.source === 'configured'
      ? `REDIS_URL is set: ${redact(redis.url)}`
      : redis.source === 'found'
        ? `a Redis answers on ${hostPort(redis.url, 6379)}`
        : `nothing on ${hostPort(redis.probed, 6379)}; redis-server ${redis.binary ? `at ${redis.binary}` : 'is not on the PATH'}`;
  const dbLine =
    database.source === 'configured'
      ? `${database.kind === 'supabase' ? 'SUPABASE_URL/SUPABASE_KEY are' : 'DATABASE_URL is'} set: ${redact(database.url)}`
      : database.source === 'found'
        ? `a PostgreSQL answers on ${hostPort(database.url, 5432)}`
        : `nothing on ${hostPort(database.probed, 5432)}`;
  return [
    `  Redis:       ${redisLine}`,
    `  PostgreSQL:  ${dbLine}`,
    `  Data dir:    ${rel(dataDir)}`,
  ];
}

function useLine(p) {
  const queue = {
    given: () => `Redis ${redact(p.queue.url)}`,
    private: () => `a private redis-server (data in ${rel(p.queue.dir ?? '')})`,
    'in-process': () => 'no Redis: the sample runs in one process (`npm run ocr`)',
    missing: () => 'stops: no Redis (install redis-server, or set REDIS_URL)',
    none: () => 'one process, neither Redis nor a database',
  }[p.queue.use]();
  if (p.database.use === 'none') return queue;
  const db =
    p.database.use === 'embedded'
      ? `embedded PostgreSQL (PGlite, files in ${rel(p.database.dir)})`
      : `database ${redact(p.database.url)}`;
  return `${queue}; ${db}`;
}

/** The owner record of an embedded service's lock file (libs/storage OwnerLock) when it is alive. */
async function liveOwner(file) {
  try {
    const owner = JSON.parse(await readFile(file, 'utf8'));
    process.kill(owner.pid, 0);
    return owner;
  } catch {
    return null; // no file, unreadable, or its process is gone (a stale lock is taken over)
  }
}

async function owners(dataDir) {
  const lines = [];
  for (const name of ['pg', 'redis']) {
    const owner = await liveOwner(`${path.join(dataDir, name)}.owner.json`);
    if (owner)
      lines.push(
        `  ${rel(path.join(dataDir, name))} is in use by process ${owner.pid} on 127.0.0.1:${owner.port ?? '…'}`,
      );
  }
  return lines;
}

const PRODUCTION = [
  'For production, or more than one machine, set them; nothing is embedded then:',
  '  REDIS_URL=redis://…           a Redis with AOF and maxmemory-policy noeviction',
  '  DATABASE_URL=postgres://…     a PostgreSQL server (or SUPABASE_URL + SUPABASE_KEY)',
  '  R2_*/S3_ENDPOINT              an object store every api and worker reaches (else files stay in the data dir)',
  'See the README, "What runs embedded and when to switch", and docs/embedded.md.',
];

async function main() {
  const found = await findServices(process.env);
  const plans = ['start', 'demo', 'ocr'].map((command) => plan(found, command));
  if (process.argv.includes('--json')) {
    const hide = (_key, value) => (typeof value === 'string' ? redact(value) : value);
    console.log(JSON.stringify({ found, plans }, hide, 2));
    return;
  }
  const names = { start: 'npm start   ', demo: 'npm run demo', ocr: 'npm run ocr ' };
  console.log(
    [
      'Found:',
      ...foundLines(found),
      ...(await owners(found.dataDir)),
      '',
      'What each command will use:',
      ...plans.map((p) => `  ${names[p.command]}  ${useLine(p)}`),
      '',
      ...PRODUCTION,
    ].join('\n'),
  );
}

await main();
