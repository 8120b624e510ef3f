// Shared engine limits under load: a fake engine with fixed latency, limits C concurrent and RPM
// starts per window held in Redis, several worker processes pulling requests from one Redis list.
// Prints achieved requests/min against the bound min(RPM, C × 60 s / latency), the most requests
// in flight and the busiest window, all read from the fake server's records.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { busiestWindow, FakeOpenRouterServer, maxInFlight, runTsScript } from '@remote-ocr/testing';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '600' },
    rpm: { type: 'string', default: '180' },
    concurrency: { type: 'string', default: '5' },
    'latency-ms': { type: 'string', default: '200' },
    workers: { type: 'string', default: '2' },
    'window-ms': { type: 'string', default: '60000' },
  },
  allowPositionals: true,
});
const total = Number(values.requests);
const rpm = Number(values.rpm);
const concurrency = Number(values.concurrency);
const latencyMs = Number(values['latency-ms']);
const workers = Number(values.workers);
const windowMs = Number(values['window-ms']);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const worker = fileURLToPath(
  new URL('../libs/engines/src/limits/__fixtures__/pull-worker.ts', import.meta.url),
);

const redis = new Redis(redisUrl);
const fake = await FakeOpenRouterServer.start({ latencyMs, answer: () => 'ok' });
const prefix = `bench:engines:${randomUUID()}:`;
const queueKey = `${prefix}queue`;
await redis.rpush(queueKey, ...Array.from({ length: total }, (_, i) => String(i)));

console.log(
  `engines bench: ${total} requests, ${workers} worker processes × ${concurrency} loops, ` +
    `limits C=${concurrency} RPM=${rpm} per ${windowMs / 1000} s, fake latency ${latencyMs} ms`,
);
const progress = setInterval(() => {
  const done = fake.calls().filter((c) => c.finishedAt !== undefined).length;
  console.log(`  … ${done}/${total} done`);
}, 20_000);

const config = {
  redisUrl,
  queueKey,
  baseUrl: fake.url,
  parallel: concurrency,
  limits: { engine: 'bench', prefix, maxConcurrent: concurrency, maxPerWindow: rpm, windowMs },
};
const runs = await Promise.all(
  Array.from({ length: workers }, () => runTsScript(worker, [JSON.stringify(config)])),
);
clearInterval(progress);

const calls = fake.calls();
const failedWorkers = runs.filter((r) => r.code !== 0);
const first = Math.min(...calls.map((c) => c.arrivedAt));
const last = Math.max(...calls.map((c) => c.finishedAt ?? c.arrivedAt));
const achieved = (calls.length / (last - first)) * windowMs;
const bound = Math.min(rpm, (concurrency * windowMs) / latencyMs);
const inFlight = maxInFlight(calls);
const busiest = busiestWindow(calls, windowMs);
const violations = (inFlight > concurrency ? 1 : 0) + (busiest.count > rpm ? 1 : 0);
const share = achieved / bound;
const per = windowMs === 60_000 ? 'min' : `${windowMs / 1000} s`;

console.table({
  'requests answered': calls.filter((c) => c.outcome === 'answered').length,
  'wall time, s': Number(((last - first) / 1000).toFixed(1)),
  [`achieved requests/${per}`]: Number(achieved.toFixed(1)),
  [`bound min(RPM, C×${windowMs / 1000}s/latency)`]: bound,
  'achieved / bound': `${(share * 100).toFixed(1)} %`,
  'max in flight (limit C)': `${inFlight} (${concurrency})`,
  'busiest window (limit RPM)': `${busiest.count} (${rpm})`,
  violations,
});
for (const r of failedWorkers) console.error(`worker exited ${r.code}: ${r.stderr}`);

const keys = [...(await redis.keys(`${prefix}*`)), ...(await redis.keys(`semaphore:${prefix}*`))];
if (keys.length > 0) await redis.del(...keys);
await redis.quit();
await fake.close();

const ok =
  violations === 0 && share >= 0.95 && failedWorkers.length === 0 && calls.length === total;
console.log(ok ? 'GOAL MET: ≥ 95 % of bound, zero violations' : 'GOAL NOT MET');
process.exitCode = ok ? 0 : 1;
