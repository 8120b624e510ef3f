// Starts what a plan (tools/services/decide.mjs) says to embed — the PGlite database, a private
// redis-server — and returns the environment that points the api and worker at them, one line
// per embedded service for the user, and a stop() for the end.
import path from 'node:path';
import { hostPort } from './decide.mjs';
import { startPrivateRedis } from './private-redis.mjs';

const rel = (p) => path.relative(process.cwd(), p) || '.';

/**
 * @param plan from plan(); `storage` is @remote-ocr/storage (built).
 * @returns {{ env: Record<string,string>, lines: string[], stop: () => Promise<void> }}
 */
export async function bringUp(plan, storage) {
  const env = {};
  const lines = [];
  const stops = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    if (plan.queue.use === 'private') {
      const redis = await startPrivateRedis({ ...plan.queue, storage });
      stops.push(redis.stop);
      env.REDIS_URL = redis.url;
      lines.push(
        `Redis: ${redis.owned ? 'started a private' : 'using the running private'} redis-server on ` +
          `127.0.0.1:${redis.port} (data in ${rel(plan.queue.dir)}) — no REDIS_URL set and nothing on ${hostPort(plan.queue.probed, 6379)}.`,
      );
    }
    if (plan.database.use === 'embedded') {
      const pg = await storage.startEmbeddedPostgres({ dataDir: plan.database.dir });
      stops.push(pg.stop);
      env.DATABASE_URL = pg.url;
      lines.push(
        `Database: ${pg.owned ? `embedded PostgreSQL (PGlite, started in ${(pg.startMs / 1000).toFixed(1)} s)` : 'the running embedded PostgreSQL (PGlite)'} ` +
          `on 127.0.0.1:${pg.port}, files in ${rel(plan.database.dir)} — no DATABASE_URL set and nothing on ${hostPort(plan.database.probed, 5432)}; one machine only (\`npm run doctor\`).`,
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { env, lines, stop };
}
