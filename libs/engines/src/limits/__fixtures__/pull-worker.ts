// A worker process for the multi-process limiter test and the engines benchmark: pulls request ids
// from a Redis list and sends each through LimitedEngine(OpenRouterEngine) to a fake server,
// `parallel` at a time, then prints `{"ok":n,"failed":n}`.
import { Redis } from 'ioredis';
import { LimitedEngine } from '../limited-engine.js';
import { RedisEngineLimiter, type RedisEngineLimiterOptions } from '../redis-engine-limiter.js';
import { OpenRouterEngine } from '../../openrouter/openrouter.engine.js';

interface PullWorkerConfig {
  redisUrl: string;
  queueKey: string;
  baseUrl: string;
  parallel: number;
  limits: RedisEngineLimiterOptions;
}

const config = JSON.parse(process.argv[2] ?? '{}') as PullWorkerConfig;
const redis = new Redis(config.redisUrl);
const engine = new LimitedEngine(
  new OpenRouterEngine({ baseUrl: config.baseUrl, timeoutMs: 30_000 }),
  {
    limiter: new RedisEngineLimiter(redis, config.limits),
    retry: { retries: 0 },
  },
);
const counts = { ok: 0, failed: 0 };

async function loop(): Promise<void> {
  for (;;) {
    const id = await redis.lpop(config.queueKey);
    if (id === null) return;
    try {
      await engine.recognize({
        kind: 'image',
        image: new Uint8Array([1, 2, 3]),
        mimeType: 'image/png',
        system: '',
        user: `request ${id}`,
        blocks: [],
      });
      counts.ok++;
    } catch (err) {
      counts.failed++;
      process.stderr.write(`${String(err)}\n`);
    }
  }
}

// Node loads its fetch implementation on first use: do that before the first counted request, so
// the measured arrivals are not skewed by one slow first call.
await fetch(`${config.baseUrl}/warm-up`).then((r) => r.arrayBuffer());
await Promise.all(Array.from({ length: config.parallel }, loop));
await redis.quit();
process.stdout.write(`${JSON.stringify(counts)}\n`);
