/**
 * Lua of fair sharing. Each script runs atomically on the keys of `fair-keys.ts` (declared, one
 * prefix), so two api replicas and N workers never hand the same job over twice or lose one.
 * Start-time fair queuing: a client's next job starts at max(clock, its last finish tag) and
 * finishes 1/weight later; jobs go to the queue in start-tag order (docs/scaling-fairness.md).
 */

/**
 * KEYS order jobs last count clock inflight idle; ARGV id client mode weight now staleMs →
 * 1 added, 0 known.
 */
export const PUSH_LUA = `
local id, client, mode = ARGV[1], ARGV[2], ARGV[3]
local weight, now, stale = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
if redis.call('HEXISTS', KEYS[2], id) == 1 then return 0 end
local since = redis.call('ZSCORE', KEYS[6], id)
if since and tonumber(since) > now - stale then return 0 end
local clock = tonumber(redis.call('GET', KEYS[5]) or '0')
local last = tonumber(redis.call('HGET', KEYS[3], client) or '0')
local start = math.max(clock, last)
redis.call('HSET', KEYS[3], client, tostring(start + 1 / weight))
redis.call('HINCRBY', KEYS[4], client, 1)
redis.call('HSET', KEYS[2], id, client .. '\\n' .. mode)
redis.call('ZADD', KEYS[1], start, id)
redis.call('ZREM', KEYS[7], client)
return 1
`;

/**
 * Forgets one client's waiting job. A client left with nothing waiting loses its count and goes to
 * `idle` with its finish tag: its `last` field is kept until the clock passes it (so a client whose
 * jobs are taken as fast as it submits them still takes its turn), then dropped by `expire`.
 */
const FORGET_LUA = `
local function forget(jobs, last, count, idle, id)
  local meta = redis.call('HGET', jobs, id)
  if not meta then return nil end
  redis.call('HDEL', jobs, id)
  local client = string.match(meta, '^(.*)\\n')
  if redis.call('HINCRBY', count, client, -1) <= 0 then
    redis.call('HDEL', count, client)
    redis.call('ZADD', idle, redis.call('HGET', last, client) or '0', client)
  end
  return meta
end
local function expire(last, idle, clock)
  local gone = redis.call('ZRANGEBYSCORE', idle, '-inf', clock)
  for _, client in ipairs(gone) do redis.call('HDEL', last, client) end
  if #gone > 0 then redis.call('ZREMRANGEBYSCORE', idle, '-inf', clock) end
end
`;

/**
 * KEYS order jobs last count clock inflight queueWait idle; ARGV lookahead now staleMs →
 * {id, mode} of the next job, or nil when the queue already holds `lookahead` or nothing waits.
 */
export const TAKE_LUA = `${FORGET_LUA}
local lookahead, now, stale = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', now - stale)
if redis.call('LLEN', KEYS[7]) + redis.call('ZCARD', KEYS[6]) >= lookahead then return nil end
local head = redis.call('ZPOPMIN', KEYS[1])
if #head == 0 then return nil end
local meta = forget(KEYS[2], KEYS[3], KEYS[4], KEYS[8], head[1])
redis.call('SET', KEYS[5], head[2])
expire(KEYS[3], KEYS[8], head[2])
redis.call('ZADD', KEYS[6], now, head[1])
return {head[1], string.match(meta or '\\nfull', '\\n(.*)$')}
`;

/** KEYS order jobs last count idle; ARGV id → 1 when the job was waiting and is gone now. */
export const REMOVE_LUA = `${FORGET_LUA}
redis.call('ZREM', KEYS[1], ARGV[1])
return forget(KEYS[2], KEYS[3], KEYS[4], KEYS[5], ARGV[1]) and 1 or 0
`;
