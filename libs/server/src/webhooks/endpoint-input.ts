import { DomainError, WEBHOOK_SECRET_PREFIX } from '@remote-ocr/contracts';
import {
  WEBHOOK_EVENT_TYPES,
  type NewWebhookEndpoint,
  type WebhookEndpointSettings,
  type WebhookEventType,
} from '@remote-ocr/storage';
import { parseWebhookUrl } from './webhook-url-guard.js';

/**
 * Checks of an operator endpoint's settings (docs/webhooks.md), the same for a JSON body of
 * `POST/PATCH /webhooks` and an entry of `WEBHOOK_ENDPOINTS`. Every problem is a 400 naming the
 * field; the SSRF address check (it resolves DNS) is the caller's, after this syntax check.
 */

const DEFAULT_PROGRESS_INTERVAL_S = 60;
const FIELDS = ['url', 'client_id', 'events', 'progress_interval_s'] as const;
const CLIENT_ID = /^[\w.@:-]{1,128}$/;

const invalid = (detail: string) => new DomainError('validation_failed', detail);

function readEvents(value: unknown): WebhookEventType[] {
  const known: readonly string[] = WEBHOOK_EVENT_TYPES;
  if (!Array.isArray(value) || value.length === 0) {
    throw invalid(`events: a non-empty list of ${known.join(', ')}`);
  }
  const unknown = value.filter((e) => typeof e !== 'string' || !known.includes(e));
  if (unknown.length > 0) {
    throw invalid(`events: unknown ${unknown.map(String).join(', ')}; known: ${known.join(', ')}`);
  }
  return [...new Set(value as WebhookEventType[])];
}

function readClientId(value: unknown): string | null {
  if (value === null || value === undefined || value === '*') return null;
  if (typeof value !== 'string' || !CLIENT_ID.test(value)) {
    throw invalid('client_id: a client id (1–128 of letters, digits, _.@:-), "*" or null = all');
  }
  return value;
}

function readInterval(value: unknown): number {
  if (value === undefined) return DEFAULT_PROGRESS_INTERVAL_S;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 86_400) {
    throw invalid('progress_interval_s: whole seconds from 1 to 86400');
  }
  return value;
}

function readObject(body: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('expected a JSON object');
  }
  const extra = Object.keys(body).filter((k) => !allowed.includes(k));
  if (extra.length > 0) throw invalid(`unknown field(s): ${extra.join(', ')}`);
  return body as Record<string, unknown>;
}

/**
 * The settings of a new endpoint (`current` absent) or of an update (`current` given: fields
 * left out keep their value).
 */
export function parseEndpointSettings(
  body: unknown,
  current?: WebhookEndpointSettings,
): WebhookEndpointSettings {
  const input = readObject(body, FIELDS);
  if (!current && typeof input.url !== 'string') throw invalid('url: required');
  if (input.url !== undefined && typeof input.url !== 'string') throw invalid('url: a string');
  const url = input.url === undefined ? current!.url : parseWebhookUrl(input.url, 'url').href;
  return {
    url,
    clientId: 'client_id' in input ? readClientId(input.client_id) : (current?.clientId ?? null),
    events: input.events !== undefined || !current ? readEvents(input.events) : current.events,
    progressIntervalS:
      input.progress_interval_s !== undefined || !current
        ? readInterval(input.progress_interval_s)
        : current.progressIntervalS,
  };
}

/** Parses `WEBHOOK_ENDPOINTS`: a JSON list of `{id, url, client_id?, events, progress_interval_s?, secret}`. */
export function parseStaticEndpoints(raw: string | undefined): NewWebhookEndpoint[] {
  if (raw === undefined || raw.trim() === '') return [];
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    throw invalid('WEBHOOK_ENDPOINTS: not JSON');
  }
  if (!Array.isArray(list)) throw invalid('WEBHOOK_ENDPOINTS: expected a JSON list');
  return list.map((item: unknown, i) => {
    const where = `WEBHOOK_ENDPOINTS[${i}]`;
    try {
      const entry = readObject(item, [...FIELDS, 'id', 'secret']);
      const { id, secret, ...rest } = entry;
      if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,40}$/.test(id)) {
        throw invalid('id: 1–40 of letters, digits, _ and -');
      }
      const base64 = typeof secret === 'string' ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : '';
      const wellFormed = /^[A-Za-z0-9+/]{22,}={0,2}$/.test(base64) && base64.length % 4 === 0;
      if (typeof secret !== 'string' || !secret.startsWith(WEBHOOK_SECRET_PREFIX) || !wellFormed) {
        throw invalid(`secret: ${WEBHOOK_SECRET_PREFIX}<base64 of ≥ 16 bytes>`);
      }
      return { id: `ep_env_${id}`, secret, source: 'env' as const, ...parseEndpointSettings(rest) };
    } catch (error) {
      // The message names the entry, never the secret.
      throw invalid(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}
