/**
 * The key-slot rule of docs/scaling.md ("Redis keys and cluster slots"): every Redis key the
 * server uses starts with the deployment's key prefix, and on a Redis Cluster that prefix is a
 * hash tag (`{remote-ocr}`), so BullMQ's scripts, our Lua scripts and MULTI blocks — which may
 * only touch keys of one slot — always find their keys together.
 */

/** True when `prefix` already carries a non-empty hash tag (`{…}`), which Redis hashes alone. */
function hasHashTag(prefix: string): boolean {
  const open = prefix.indexOf('{');
  if (open < 0) return false;
  const close = prefix.indexOf('}', open + 1);
  return close > open + 1;
}

/**
 * The key prefix to use: unchanged on a single Redis (existing keys stay where they are), wrapped
 * into a hash tag on a cluster unless the operator already tagged it (`QUEUE_PREFIX={ocr}`).
 */
export function hashTaggedPrefix(prefix: string, cluster: boolean): string {
  if (!cluster || hasHashTag(prefix)) return prefix;
  return `{${prefix}}`;
}

/**
 * Builds keys under one prefix: `keys.key('quota', clientId)` → `{remote-ocr}:quota:<clientId>`.
 * Parts are joined with `:`; braces inside parts are refused, as a `{` there could never change
 * the slot (Redis hashes the first tag only) but would mislead a reader into thinking so.
 */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  key(...parts: Array<string | number>): string {
    for (const part of parts) {
      if (/[{}]/.test(String(part)))
        throw new Error(`Redis key part must not contain braces: ${part}`);
    }
    return [this.prefix, ...parts].join(':');
  }
}
