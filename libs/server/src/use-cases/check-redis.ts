import { createRedisClient, type RedisTargetConfig } from '../infra/redis-client.js';

/** Hides a password in a connection URL before it is printed. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    // Not a WHATWG URL (e.g. a cluster's host list): hide whatever sits between `//user:` and `@`.
    return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
  }
}

/** Redis did not answer a PING; the message names the (redacted) URL and the socket's reason. */
export class RedisUnreachableError extends Error {
  constructor(url: string, reason: string) {
    super(`Redis is not reachable at ${redactUrl(url)} (${reason})`);
    this.name = 'RedisUnreachableError';
  }
}

/**
 * One PING with no reconnect loop, so a missing Redis is one clear message instead of the endless
 * retries a long-lived client (rightly) does. Used by `npm start` and by the CLI before they
 * touch the queue; a cluster URL pings through the cluster client (docs/scaling.md).
 * @throws RedisUnreachableError
 */
export async function checkRedisReachable(
  target: string | RedisTargetConfig,
  timeoutMs = 3000,
): Promise<void> {
  const { url, cluster } = typeof target === 'string' ? { url: target, cluster: false } : target;
  const client = createRedisClient(
    { url, cluster },
    {
      lazyConnect: true,
      connectTimeout: timeoutMs,
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
    throw new RedisUnreachableError(url, (cause ?? (error as Error)).message);
  } finally {
    client.disconnect();
  }
}
