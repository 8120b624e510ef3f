import { createHash, timingSafeEqual } from 'node:crypto';
import { isOpenServer, type AppConfig } from '../config/app-config.js';

/** Who a request is: the operator (sees everything) or one client (sees its own jobs only). */
export type Principal = { kind: 'operator' } | { kind: 'client'; clientId: string };

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Constant-time equality: hashing first makes both sides the same length. */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * Resolves the `X-API-Key` header to a principal, or null when it is missing or wrong.
 * With no keys configured at all, everyone is the operator (local default).
 */
export function authenticate(config: AppConfig, provided: string | undefined): Principal | null {
  if (isOpenServer(config)) return { kind: 'operator' };
  if (!provided) return null;
  if (config.apiKey !== null && safeEqual(provided, config.apiKey)) return { kind: 'operator' };
  let match: string | null = null;
  // Compare against every client key so timing does not reveal which entry matched.
  for (const [key, clientId] of config.clientKeys) {
    if (safeEqual(provided, key)) match = clientId;
  }
  return match === null ? null : { kind: 'client', clientId: match };
}
