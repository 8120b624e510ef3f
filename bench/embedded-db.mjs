// What the embedded database (PGlite served on loopback, docs/embedded.md) costs next to the real
// PostgreSQL server, in the same run:
//  1. start time: a fresh data dir (initdb) and reopening it; the hosting process's RSS idle,
//     after the migrations and rows, and its peak under the list load;
//  2. the list route: the built api on each database with the same N jobs, autocannon at a fixed
//     rate on `GET /jobs` (500 rows) and `GET /jobs/{id}`: p50/p99 and the ratio to PostgreSQL.
// Prints figures; asserts nothing.
//
//   npm run bench -- embedded-db
//   npx node bench/embedded-db.mjs [--jobs 2000] [--rate 50] [--seconds 15]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import autocannon from 'autocannon';
import pg from 'pg';
import { loadAverage, machineFacts, mb, numberArg, RssSampler, rssOf } from './lib/machine.mjs';
import { API_KEY, ROOT, withStack } from './lib/stack.mjs';

const JOBS = numberArg('jobs', 2000);
const RATE = numberArg('rate', 50);
const SECONDS = numberArg('seconds', 15);

/** Starts bench/lib/pglite-host.mjs on `dir`; resolves once it serves, with its wall time. */
async function startHost(dir) {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bench/lib/pglite-host.mjs'), dir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = await once(readline.createInterface({ input: child.stdout }), 'line');
  const info = JSON.parse(line);
  const wallMs = performance.now() - started;
  const stop = async () => {
    child.kill('SIGTERM');
    await once(child, 'exit');
  };
  return { ...info, pid: child.pid, wallMs, stop };
}

/** The same plausible job rows as bench/api-load.mjs, written through SQL. */
async function insertJobs(url) {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await pool.query(
      `insert into jobs (id, client_id, document_id, document_name, task_name, status, progress,
                         engine, r2_prefix, created_at, updated_at)
       select gen_random_uuid(), 'client-' || (i % 50), md5(i::text) || md5((i * 7)::text),
              'document-' || i || '.pdf', 'task ' || i,
              (array['done','done','done','error','queued','processing','paused','draft'])[1 + i % 8],
              case when i % 8 < 3 then 1 else 0.5 end, 'openrouter', 'ocr_jobs/' || i,
              now() - (i || ' minutes')::interval, now()
         from generate_series(1, $1) as i`,
      [JOBS],
    );
    await pool.query('analyze jobs');
    return (await pool.query('select id from jobs')).rows.map((r) => r.id);
  } finally {
    await pool.end();
  }
}

async function load(stack, path_) {
  const result = await autocannon({
    url: stack.baseUrl,
    connections: 10,
    overallRate: RATE,
    duration: SECONDS,
    headers: { 'x-api-key': API_KEY },
    requests: [{ setupRequest: (req) => ({ ...req, path: path_() }) }],
  });
  const bad = result.errors + result.timeouts + result.non2xx;
  return { p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total, bad };
}

/** The api on `databaseUrl` (null: the stack's own PostgreSQL database), N jobs, two loads. */
async function measureRoutes(databaseUrl) {
  const env = databaseUrl ? { DATABASE_URL: databaseUrl } : {};
  return withStack(env, 10 * 60_000, async (stack) => {
    await stack.startApi();
    const ids = await insertJobs(stack.env.DATABASE_URL);
    const pick = () => ids[Math.floor(Math.random() * ids.length)];
    return {
      list: await load(stack, () => '/jobs'),
      one: await load(stack, () => `/jobs/${pick()}`),
    };
  });
}

const fmt = (r) => `p50 ${r.p50} ms, p99 ${r.p99} ms (${r.total} answers, ${r.bad} bad)`;

async function main() {
  console.log(machineFacts());
  const dir = await mkdtemp(path.join(os.tmpdir(), 'remote-ocr-bench-pglite-'));
  try {
    const fresh = await startHost(path.join(dir, 'pg'));
    const idle = rssOf(fresh.pid);
    await fresh.stop();
    const host = await startHost(path.join(dir, 'pg'));
    console.log(
      `1. start: fresh data dir (initdb) ${(fresh.wallMs / 1000).toFixed(1)} s to serving ` +
        `(${(fresh.startMs / 1000).toFixed(1)} s in startEmbeddedPostgres); reopening ${(host.wallMs / 1000).toFixed(1)} s ` +
        `(${(host.startMs / 1000).toFixed(1)} s); host RSS idle ${mb(idle)} (fresh), ${mb(rssOf(host.pid))} (reopened)`,
    );
    const rss = new RssSampler(host.pid, 50);
    const embedded = await measureRoutes(host.url);
    rss.stop();
    console.log(
      `   host RSS with ${JOBS} jobs under the loads: last ${mb(rss.last)}, peak ${mb(rss.peak)}`,
    );
    await host.stop();
    const real = await measureRoutes(null);
    console.log(
      `2. ${JOBS} jobs, ${RATE} requests/s for ${SECONDS} s, 10 connections, api on each database`,
    );
    for (const [name, key] of [
      ['GET /jobs (500 rows)', 'list'],
      ['GET /jobs/{id}', 'one'],
    ]) {
      const ratio = (embedded[key].p50 / Math.max(0.1, real[key].p50)).toFixed(1);
      console.log(`   ${name.padEnd(22)} PostgreSQL ${fmt(real[key])}`);
      console.log(
        `   ${''.padEnd(22)} PGlite     ${fmt(embedded[key])} — p50 ${ratio}× PostgreSQL`,
      );
    }
    console.log(`   load ${loadAverage()}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
