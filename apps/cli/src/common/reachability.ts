import pg from 'pg';
import {
  RedisUnreachableError,
  checkRedisReachable,
  redactUrl,
  type RedisTargetConfig,
} from '@remote-ocr/server';
import { CliError } from './cli-error.js';

const TIMEOUT_MS = 3000;

export { redactUrl };

/** Redis answers a PING (libs/server use-cases/check-redis.ts), or one line saying how to start it. */
export async function assertRedisReachable(target: string | RedisTargetConfig): Promise<void> {
  await checkRedisReachable(target, TIMEOUT_MS).catch((error: unknown) => {
    if (!(error instanceof RedisUnreachableError)) throw error;
    throw new CliError(`${error.message} — start it (e.g. \`redis-server\`) or set REDIS_URL`);
  });
}

/** Connects once to the server of `url` (its database may not exist yet; the caller creates it). */
export async function assertPostgresReachable(url: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({
    connectionString: admin.toString(),
    connectionTimeoutMillis: TIMEOUT_MS,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new CliError(
      `PostgreSQL is not reachable at ${redactUrl(url)} (${(error as Error).message}) — start it (e.g. \`sudo service postgresql start\`) or set DATABASE_URL`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
