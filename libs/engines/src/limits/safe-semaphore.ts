import { Semaphore } from 'redis-semaphore';
import type { LockOptions } from 'redis-semaphore';
import type { Cluster, Redis } from 'ioredis';

/**
 * redis-semaphore's Semaphore whose lease renewal survives Redis hiccups. The library renews from
 * a timer and lets a failed renewal reject unhandled, which would crash the process on a brief
 * Redis outage. Here a failed renewal counts as "still held" while the last successful one is
 * recent enough that the lease cannot have expired before the next attempt; past that it is
 * reported lost (the caller then stops its call).
 */
export class SafeSemaphore extends Semaphore {
  private lastRenewed = Date.now();

  constructor(
    client: Redis | Cluster,
    key: string,
    limit: number,
    private readonly lease: { lockTimeout: number; refreshInterval: number } & LockOptions,
  ) {
    super(client, key, limit, lease);
  }

  /** The Redis key the library actually uses (it prefixes `semaphore:`). */
  static redisKey(key: string): string {
    return `semaphore:${key}`;
  }

  protected override async _refresh(): Promise<boolean> {
    try {
      const held = await super._refresh();
      if (held) this.lastRenewed = Date.now();
      return held;
    } catch {
      return Date.now() - this.lastRenewed + this.lease.refreshInterval < this.lease.lockTimeout;
    }
  }
}
