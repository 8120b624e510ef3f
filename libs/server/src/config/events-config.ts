import { createHmac } from 'node:crypto';
import type { Environment } from './environment.js';

/** Live events, stall detection and worker heartbeats (docs/events.md). */
export interface EventsConfig {
  streamMaxLen: number;
  streamTtlSeconds: number;
  pingMs: number;
  tokenTtlSeconds: number;
  /** HMAC key of event tokens; every api replica derives the same one from shared settings. */
  tokenSecret: string;
  stallCheckMs: number;
  noProgressMs: number;
  heartbeatMs: number;
}

export function eventsConfig(e: Environment, signingSecret: () => string): EventsConfig {
  // Set, or derived from the server's signing secret (docs/security.md) — never from keys a key
  // holder knows. Replicas on separate machines set EVENTS_TOKEN_SECRET (docs/events.md).
  const tokenSecret =
    e.EVENTS_TOKEN_SECRET ??
    createHmac('sha256', signingSecret()).update('remote-ocr-events-token').digest('hex');
  return {
    streamMaxLen: e.EVENTS_STREAM_MAXLEN,
    streamTtlSeconds: e.EVENTS_STREAM_TTL_S,
    pingMs: e.EVENTS_PING_MS,
    tokenTtlSeconds: e.EVENTS_TOKEN_TTL_S,
    tokenSecret,
    stallCheckMs: e.STALL_CHECK_MS,
    noProgressMs: e.STALL_NO_PROGRESS_S * 1000,
    heartbeatMs: e.WORKER_HEARTBEAT_MS,
  };
}
