// Engines benchmark entry: `npm run bench -- engines` (via tools/bench.mjs) or directly
// `npx node bench/engines.mjs [--requests 600] [--rpm 180] [--concurrency 5] [--latency-ms 200]
// [--workers 2] [--window-ms 60000]`. Needs Redis at REDIS_URL (default redis://127.0.0.1:6379).
// Registers the TypeScript loader, then runs engines.bench.ts.
import '../libs/testing/ts-register.mjs';

await import('./engines.bench.ts');
