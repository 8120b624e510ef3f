import { createHash, randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

/** The first answer to a key: status code and JSON body, replayed as they were. */
export interface StoredAnswer {
  status: number;
  body: unknown;
}

/** What a key holds: a request still running, or the answer it gave. */
export type IdempotencyRecord =
  | { state: 'pending'; fingerprint: string; owner: string }
  | { state: 'done'; fingerprint: string; answer: StoredAnswer };

export interface IdempotencyTimes {
  /** How long an answer is replayed (24 h). */
  answerTtlSeconds: number;
  /** How long a running request holds its key if its process dies before answering. */
  pendingTtlSeconds: number;
}

export const DEFAULT_IDEMPOTENCY_TIMES: IdempotencyTimes = {
  answerTtlSeconds: 24 * 3600,
  pendingTtlSeconds: 15 * 60,
};

// Deletes or overwrites a key only while it still holds this request's own pending record, so a
// request whose pending record expired can never clobber the answer of the one that followed it.
const IF_OWNER = `local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local ok, rec = pcall(cjson.decode, v)
if not ok or rec.state ~= 'pending' or rec.owner ~= ARGV[1] then return 0 end
if ARGV[2] == '' then return redis.call('DEL', KEYS[1]) end
redis.call('SET', KEYS[1], ARGV[2], 'EX', tonumber(ARGV[3]))
return 1`;

/**
 * Idempotency records in Redis (docs/client.md#idempotency-key): one key per (client key, header
 * value), the header hashed so any printable value makes a safe key. Redis rather than Postgres
 * because a record lives 24 h at most and must be claimed atomically (`SET NX`) by whichever of
 * many concurrent requests comes first.
 */
export class IdempotencyStore {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly prefix: string,
    private readonly times: IdempotencyTimes = DEFAULT_IDEMPOTENCY_TIMES,
  ) {}

  keyOf(scope: string, key: string): string {
    const digest = createHash('sha256').update(`${scope}\n${key}`).digest('hex');
    // One hash tag per record: every command touches one key, so a Redis Cluster is fine too.
    return `${this.prefix}:idempotency:{${digest}}`;
  }

  /** Claims the key for a new request; returns the owner token, or null when already taken. */
  async claim(redisKey: string, fingerprint: string): Promise<string | null> {
    const owner = randomUUID();
    const record: IdempotencyRecord = { state: 'pending', fingerprint, owner };
    const ok = await this.redis.set(
      redisKey,
      JSON.stringify(record),
      'EX',
      this.times.pendingTtlSeconds,
      'NX',
    );
    return ok === 'OK' ? owner : null;
  }

  async read(redisKey: string): Promise<IdempotencyRecord | null> {
    const raw = await this.redis.get(redisKey);
    return raw ? (JSON.parse(raw) as IdempotencyRecord) : null;
  }

  /** Stores the answer of the request that owns the key. */
  async complete(
    redisKey: string,
    owner: string,
    fingerprint: string,
    answer: StoredAnswer,
  ): Promise<void> {
    const record: IdempotencyRecord = { state: 'done', fingerprint, answer };
    await this.redis.eval(
      IF_OWNER,
      1,
      redisKey,
      owner,
      JSON.stringify(record),
      this.times.answerTtlSeconds,
    );
  }

  /** Forgets a refused or failed request, so nothing is kept for it and a retry runs afresh. */
  async release(redisKey: string, owner: string): Promise<void> {
    await this.redis.eval(IF_OWNER, 1, redisKey, owner, '', 0);
  }
}
