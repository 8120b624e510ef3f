// Child process of bench/events.mjs standing in for the workers of 50 running jobs: it publishes
// `progress` and `block` events through the workers' own publisher (RedisJobEventPublisher, the
// same streams and MULTI), so the benchmark measures publish → Redis → api → SSE client.
//   node bench/lib/event-publisher.mjs <redis url> <prefix> <jobs json file> <seconds> <events/s per job>
import { readFileSync } from 'node:fs';
import { EventKeys, RedisJobEventPublisher, jobEvent } from '@remote-ocr/server';
import { Redis } from 'ioredis';

const [redisUrl, prefix, jobsFile, seconds, perJob] = process.argv.slice(2);
const jobs = JSON.parse(readFileSync(jobsFile, 'utf8'));
const redis = new Redis(redisUrl);
let failed = 0;
const publisher = new RedisJobEventPublisher(
  redis,
  new EventKeys(prefix),
  { maxLen: 2000, ttlSeconds: 3600 },
  () => failed++,
);

const intervalMs = 1000 / Number(perJob);
const endAt = Date.now() + Number(seconds) * 1000;
let published = 0;

function tick(job, n) {
  if (Date.now() >= endAt) return;
  const event =
    n % 2 === 0
      ? jobEvent('progress', job, {
          progress: Math.min(0.2 + n / 10_000, 0.9),
          blocks_total: 2000,
          blocks_done: n,
          blocks_failed: 0,
          eta_seconds: 120,
          stage: 'ocr',
        })
      : jobEvent('block', job, { block_id: `B-${n}`, part: 0, status: 'done', text_length: 812 });
  void publisher.publish(event).then((id) => id && published++);
  setTimeout(() => tick(job, n + 1), intervalMs);
}

// Spread the jobs over one interval so publishes do not arrive in lockstep.
jobs.forEach((job, i) => setTimeout(() => tick(job, 0), (intervalMs * i) / jobs.length));
setTimeout(
  async () => {
    await new Promise((r) => setTimeout(r, 500));
    process.stdout.write(JSON.stringify({ published, failed }));
    redis.disconnect();
  },
  Number(seconds) * 1000,
);
