import net from 'node:net';
import { RedisUnreachableError, checkRedisReachable, redactUrl } from './check-redis.js';

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('checkRedisReachable', () => {
  it('passes for the running Redis', async () => {
    await expect(checkRedisReachable('redis://127.0.0.1:6379')).resolves.toBeUndefined();
  });

  it('fails once, with the reason and without the password', async () => {
    const url = `redis://user:s3cret-issue-12@127.0.0.1:${await closedPort()}`;
    const error = await checkRedisReachable(url, 1000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisUnreachableError);
    expect((error as Error).message).toMatch(/not reachable at redis:\/\/user:\*\*\*@127\.0\.0\.1/);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect((error as Error).message).not.toContain('s3cret');
  });

  it('redactUrl hides only the password and leaves non-URLs alone', () => {
    expect(redactUrl('postgres://u:p@h:5432/db')).toBe('postgres://u:***@h:5432/db');
    expect(redactUrl('redis://h:6379')).toBe('redis://h:6379');
    expect(redactUrl('not a url')).toBe('not a url');
    expect(redactUrl('redis+cluster://u:s3cret@h1:7000,h2:7001')).toBe(
      'redis+cluster://u:***@h1:7000,h2:7001',
    );
  });
});
