import { createRedisClient, type RedisTargetConfig } from '@remote-ocr/server';
import pg from 'pg';
import { CliError } from './cli-error.js';

const TIMEOUT_MS = 3000;

/** Hides a password in a connection URL before printing it. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/**
 * One PING with no reconnect loop, so a missing Redis is one clear message instead of the endless
 * retries a long-lived client (rightly) does.
 */
export async function assertRedisReachable(target: string | RedisTargetConfig): Promise<void> {
  const { url, cluster } = typeof target === 'string' ? { url: target, cluster: false } : target;
  const client = createRedisClient(
    { url, cluster },
    {
      lazyConnect: true,
      connectTimeout: TIMEOUT_MS,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      enableOfflineQueue: false,
    },
  );
  let cause: Error | undefined;
  client.on('error', (error: Error) => (cause ??= error)); // says more than "Connection is closed"
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new CliError(
      `Redis is not reachable at ${redactUrl(url)} (${(cause ?? (error as Error)).message}) — start it (e.g. \`redis-server\`) or set REDIS_URL`,
    );
  } finally {
    client.disconnect();
  }
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
