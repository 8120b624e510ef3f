import { ConfigError, parseConfig } from '../config/app-config.js';
import { parseRedisTarget } from './redis-client.js';
import { RedisKeys, hashTaggedPrefix } from './redis-keys.js';

describe('parseRedisTarget', () => {
  it('reads one node, a cluster, a cluster seed and Sentinels', () => {
    expect(parseRedisTarget({ url: 'redis://h:6379/2' })).toEqual({
      kind: 'single',
      url: 'redis://h:6379/2',
    });
    expect(parseRedisTarget({ url: 'redis+cluster://u:p%40ss@a:7000,b:7001,c' })).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'a', port: 7000 },
        { host: 'b', port: 7001 },
        { host: 'c', port: 6379 },
      ],
      auth: { username: 'u', password: 'p@ss' },
      tls: false,
    });
    expect(parseRedisTarget({ url: 'rediss://:secret@seed:6380', cluster: true })).toMatchObject({
      kind: 'cluster',
      nodes: [{ host: 'seed', port: 6380 }],
      auth: { password: 'secret' },
      tls: true,
    });
    expect(parseRedisTarget({ url: 'redis+sentinel://s1:26379,s2/mymaster/3' })).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26379 },
      ],
      name: 'mymaster',
      db: 3,
      auth: {},
      tls: false,
    });
  });

  it('refuses bad URLs without quoting their password', () => {
    expect(() => parseRedisTarget({ url: 'redis+sentinel://u:hunter2@s1:26379' })).toThrow(
      /primary name/,
    );
    expect(() => parseConfig({ REDIS_URL: 'http://u:hunter2@h' })).toThrow(ConfigError);
    try {
      parseConfig({ REDIS_URL: 'http://u:hunter2@h' });
    } catch (error) {
      expect((error as Error).message).toContain('REDIS_URL');
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('hash-tags the prefix on a cluster only, keeping a tag the operator set', () => {
    expect(parseConfig({}).redis).toMatchObject({ prefix: 'remote-ocr', cluster: false });
    expect(parseConfig({ REDIS_URL: 'redis+cluster://a:7000' }).redis).toMatchObject({
      prefix: '{remote-ocr}',
      cluster: true,
    });
    expect(parseConfig({ REDIS_CLUSTER: 'true', QUEUE_PREFIX: 'ocr-{eu}' }).redis.prefix).toBe(
      'ocr-{eu}',
    );
    expect(hashTaggedPrefix('{}x', true)).toBe('{{}x}');
  });
});

describe('RedisKeys', () => {
  it('joins parts under the prefix and refuses braces in parts', () => {
    const keys = new RedisKeys('{remote-ocr}');
    expect(keys.key('quota', 'client-a', 3)).toBe('{remote-ocr}:quota:client-a:3');
    expect(() => keys.key('{client-a}')).toThrow(/braces/);
  });
});
