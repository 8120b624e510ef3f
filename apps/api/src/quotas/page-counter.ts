import type { Redis } from 'ioredis';

/**
 * Pages submitted per client per UTC day: one Redis hash per day (field = client id), expiring two
 * days after that day, so the number of keys stays at two whatever the number of clients.
 * `key` is the only place the name is built (docs/quotas.md).
 */
export const pagesKey = (base: (name: string) => string, day: string): string =>
  base(`quota:pages:${day}`);

const KEEP_S = 2 * 24 * 3600;

/** KEYS day-hash; ARGV client pages limit ttl → -1 when reserved, else the count already used. */
const RESERVE_LUA = `
local used = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
local pages, limit = tonumber(ARGV[2]), tonumber(ARGV[3])
if limit >= 0 and used + pages > limit then return used end
redis.call('HINCRBY', KEYS[1], ARGV[1], pages)
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[4]))
return -1
`;

type Scripted = Redis & {
  reservePages(
    key: string,
    client: string,
    pages: number,
    limit: number,
    ttl: number,
  ): Promise<number>;
};

export class PageCounter {
  constructor(
    private readonly redis: Redis,
    private readonly base: (name: string) => string,
  ) {
    if (typeof (redis as Scripted).reservePages !== 'function')
      redis.defineCommand('reservePages', { numberOfKeys: 1, lua: RESERVE_LUA });
  }

  /**
   * Adds `pages` to today's count of `client` unless that would pass `limit` (null: no limit);
   * atomic, so concurrent uploads cannot pass the limit together. Returns null when reserved,
   * else the pages already used today.
   */
  async reserve(
    day: string,
    client: string,
    pages: number,
    limit: number | null,
  ): Promise<number | null> {
    const used = await (this.redis as Scripted).reservePages(
      pagesKey(this.base, day),
      client,
      pages,
      limit ?? -1,
      KEEP_S,
    );
    return used < 0 ? null : used;
  }

  /** Gives pages back (the job they were reserved for was not created after all). */
  async release(day: string, client: string, pages: number): Promise<void> {
    await this.redis.hincrby(pagesKey(this.base, day), client, -pages);
  }

  /** Pages used on `day` by every client that used any. */
  async usage(day: string): Promise<Map<string, number>> {
    const all = await this.redis.hgetall(pagesKey(this.base, day));
    return new Map(Object.entries(all).map(([client, n]) => [client, Number(n)]));
  }
}
