// Live events benchmark (issue 16): 1,000 concurrent SSE clients on ONE api process, 20 on each
// of 50 running jobs, while a stand-in for their workers (bench/lib/event-publisher.mjs, the
// workers' own publisher) publishes `progress` and `block` events for all 50 jobs.
// Prints: publish → client latency p50/p99/max (the event's `at`, stamped at publish, against the
// client's clock on this machine), events delivered vs expected, the api's RSS (idle, with the
// clients connected, peak while events flow) and its CPU. Goals: p99 ≤ 100 ms, RSS growth
// ≤ 150 MB. Asserts nothing.
//
//   npm run bench -- events                  (builds first)
//   node bench/events.mjs [--clients 1000] [--jobs 50] [--seconds 30] [--rate 4] [--node-args "…"]
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import {
  cpuMsOf,
  loadAverage,
  machineFacts,
  mb,
  ms,
  numberArg,
  percentile,
  RssSampler,
  sleep,
  stringArg,
} from './lib/machine.mjs';
import { Redis } from 'ioredis';
import { API_KEY, ROOT, withStack } from './lib/stack.mjs';

const CLIENTS = numberArg('clients', 1000);
const JOBS = numberArg('jobs', 50);
const SECONDS = numberArg('seconds', 30);
/** Events per second per job (progress and block alternating). */
const RATE = numberArg('rate', 4);
/** More node/V8 flags for the api, after those it runs with (tools/app-node-flags.mjs): later win. */
const NODE_ARGS = stringArg('node-args', '').split(' ').filter(Boolean);

async function insertRunningJobs(stack) {
  const rows = await stack.query(
    `insert into jobs (id, client_id, document_id, document_name, task_name, status, progress,
                       engine, r2_prefix, started_at)
     select gen_random_uuid(), 'bench-client-' || (i % 5), md5(i::text) || md5((i * 7)::text),
            'document-' || i || '.pdf', '', 'processing', 0.2, 'openrouter', 'ocr_jobs/' || i, now()
       from generate_series(1, $1) as i
     returning id, client_id`,
    [JOBS],
  );
  return rows.map((r) => ({ id: r.id, clientId: r.client_id }));
}

/** One SSE client: counts events and records publish → receipt latency of each. */
function openClient(baseUrl, jobId, agent, latencies, counts) {
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${baseUrl}/jobs/${jobId}/events`,
      { agent, headers: { 'x-api-key': API_KEY, accept: 'text/event-stream' } },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`SSE answered ${res.statusCode}`));
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk) => {
          const now = Date.now();
          buffer += chunk;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = frame.split('\n').find((l) => l.startsWith('data: '));
            if (!data) continue;
            const at = /"at":"([^"]+)"/.exec(data)?.[1];
            if (at) latencies.push(now - Date.parse(at));
            counts.events++;
          }
        });
        resolve({ close: () => req.destroy() });
      },
    );
    req.on('error', (err) => (counts.closing ? undefined : reject(err)));
  });
}

/**
 * The floor of this machine at this moment, as a peer in the same run: one Redis connection of
 * the benchmark reading the same 50 streams directly (XREAD BLOCK), no api in between.
 */
function directReader(stack, jobs, latencies) {
  const redis = new Redis(stack.env.REDIS_URL);
  const keys = jobs.map((j) => `${stack.prefix}:events:job:${j.id}`);
  const ids = keys.map(() => '$');
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const reply = await redis.xread('BLOCK', 1000, 'STREAMS', ...keys, ...ids);
      const now = Date.now();
      for (const [key, entries] of reply ?? []) {
        ids[keys.indexOf(key)] = entries.at(-1)[0];
        for (const [, fields] of entries) {
          const at = /"at":"([^"]+)"/.exec(fields[1])?.[1];
          if (at) latencies.push(now - Date.parse(at));
        }
      }
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    redis.disconnect();
  };
}

function runPublisher(stack, jobsFile) {
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, 'bench/lib/event-publisher.mjs'),
      stack.env.REDIS_URL,
      stack.prefix,
      jobsFile,
      String(SECONDS),
      String(RATE),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  return new Promise((resolve) => child.on('exit', () => resolve(JSON.parse(out || '{}'))));
}

// eslint-disable-next-line max-lines-per-function -- a benchmark scenario read top to bottom: setup, measured runs, printed ratios
await withStack({}, (SECONDS + 240) * 1000, async (stack) => {
  console.log(machineFacts());
  await stack.startApi(NODE_ARGS);
  const jobs = await insertRunningJobs(stack);
  const jobsFile = path.join(stack.dataDir, 'bench-jobs.json');
  await writeFile(jobsFile, JSON.stringify(jobs));
  const rss = new RssSampler(stack.api.pid, 100);
  for (let i = 0; i < 20; i++)
    await fetch(`${stack.baseUrl}/jobs/${jobs[0].id}`, { headers: { 'x-api-key': API_KEY } });
  await sleep(500);
  const idle = rss.resetPeak();

  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const latencies = [];
  const counts = { events: 0, closing: false };
  const clients = [];
  for (let i = 0; i < CLIENTS; i++)
    clients.push(await openClient(stack.baseUrl, jobs[i % JOBS].id, agent, latencies, counts));
  await sleep(1000);
  const connected = rss.resetPeak();
  console.log(
    `${CLIENTS} SSE clients connected on ${JOBS} jobs; publishing ${RATE} events/s per job for ${SECONDS} s…`,
  );

  const direct = [];
  const stopDirect = directReader(stack, jobs, direct);
  const cpuBefore = cpuMsOf(stack.api.pid);
  const started = Date.now();
  const { published = 0, failed = 0 } = await runPublisher(stack, jobsFile);
  await sleep(1000);
  await stopDirect();
  const cpuMs = cpuMsOf(stack.api.pid) - cpuBefore;
  const wallMs = Date.now() - started;
  const peak = rss.peak;
  rss.stop();
  counts.closing = true;
  for (const c of clients) c.close();
  agent.destroy();

  const expected = published * (CLIENTS / JOBS);
  console.log(
    `events: ${published} published (${failed} failed), ${counts.events} delivered of ${expected} expected`,
  );
  console.log(
    `latency publish → client: p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}, ` +
      `max ${ms(Math.max(...latencies))} (goal p99 ≤ 100 ms)`,
  );
  console.log(
    `  peer, same run — one direct XREAD reader, no api: p50 ${ms(percentile(direct, 50))}, ` +
      `p99 ${ms(percentile(direct, 99))}, max ${ms(Math.max(...direct))}; ` +
      `api p99 = ${(percentile(latencies, 99) / Math.max(1, percentile(direct, 99))).toFixed(2)}× the direct reader's`,
  );
  console.log(
    `api RSS: idle ${mb(idle)}, ${CLIENTS} clients connected ${mb(connected)}, peak while publishing ${mb(peak)}; ` +
      `growth ${mb(peak - idle)} (goal ≤ 150 MB)`,
  );
  console.log(
    `api CPU: ${(cpuMs / 1000).toFixed(1)} s over ${(wallMs / 1000).toFixed(1)} s = ${((100 * cpuMs) / wallMs).toFixed(0)} % of one core; ` +
      `${((cpuMs * 1000) / Math.max(1, counts.events)).toFixed(0)} µs per delivered event; load ${loadAverage()}`,
  );
});
