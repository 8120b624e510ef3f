import type { FairSharingConfig } from '../queue/fair/fair-queue.js';

/** Limits of one client key (docs/quotas.md); null: no limit. */
export interface ClientQuota {
  maxQueuedJobs: number | null;
  maxPagesPerDay: number | null;
  maxUploadBytes: number | null;
}

/** `CLIENT_QUOTAS` by client id; `fallback` (the `"*"` entry) applies to every other client key. */
export interface QuotasConfig {
  byClient: ReadonlyMap<string, ClientQuota>;
  fallback: ClientQuota;
}

const NO_QUOTA: ClientQuota = {
  maxQueuedJobs: null,
  maxPagesPerDay: null,
  maxUploadBytes: null,
};

const QUOTA_FIELDS: Record<string, [keyof ClientQuota | 'weight', number, number]> = {
  max_queued_jobs: ['maxQueuedJobs', 0, 1_000_000],
  max_pages_per_day: ['maxPagesPerDay', 0, 1_000_000_000],
  max_upload_mb: ['maxUploadBytes', 0.001, 100_000],
  weight: ['weight', 0.01, 100],
};

interface Parsed {
  fairness: FairSharingConfig;
  quotas: QuotasConfig;
  problems: string[];
}

function parseJsonObject(name: string, raw: string | undefined, problems: string[]) {
  if (raw === undefined || raw.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(raw);
    if (value && typeof value === 'object' && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  problems.push(`${name}: expected a JSON object keyed by client id`);
  return {};
}

function inRange(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}

/** One `CLIENT_QUOTAS` entry into a quota (and maybe a weight); every bad field is a problem. */
function quotaEntry(client: string, entry: unknown, problems: string[]) {
  const quota: ClientQuota = { ...NO_QUOTA };
  let weight: number | undefined;
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
    problems.push(`CLIENT_QUOTAS["${client}"]: expected an object`);
    return { quota, weight };
  }
  for (const [field, value] of Object.entries(entry)) {
    const spec = QUOTA_FIELDS[field];
    if (!spec) {
      problems.push(
        `CLIENT_QUOTAS["${client}"].${field}: unknown (known: ${Object.keys(QUOTA_FIELDS).join(', ')})`,
      );
      continue;
    }
    const [key, min, max] = spec;
    if (
      !inRange(value, min, max) ||
      (key !== 'weight' && key !== 'maxUploadBytes' && !Number.isInteger(value))
    ) {
      problems.push(
        `CLIENT_QUOTAS["${client}"].${field}=${JSON.stringify(value)}: expected a number from ${min} to ${max}`,
      );
      continue;
    }
    if (key === 'weight') weight = value;
    else quota[key] = key === 'maxUploadBytes' ? Math.round(value * 1024 * 1024) : value;
  }
  return { quota, weight };
}

/**
 * Fair sharing and quotas from `FAIR_SHARING`, `FAIR_QUEUE_LOOKAHEAD`, `CLIENT_WEIGHTS` and
 * `CLIENT_QUOTAS` (JSON keyed by the client ids of `CLIENT_API_KEYS`; `"*"` for every other key).
 */
export function parseClientSharing(env: Record<string, string | undefined>): Parsed {
  const problems: string[] = [];
  const weights = new Map<string, number>();
  for (const [client, w] of Object.entries(
    parseJsonObject('CLIENT_WEIGHTS', env.CLIENT_WEIGHTS, problems),
  )) {
    if (inRange(w, 0.01, 100)) weights.set(client, w);
    else
      problems.push(
        `CLIENT_WEIGHTS["${client}"]=${JSON.stringify(w)}: expected a number from 0.01 to 100`,
      );
  }
  const byClient = new Map<string, ClientQuota>();
  let fallback = NO_QUOTA;
  for (const [client, entry] of Object.entries(
    parseJsonObject('CLIENT_QUOTAS', env.CLIENT_QUOTAS, problems),
  )) {
    const { quota, weight } = quotaEntry(client, entry, problems);
    if (client === '*') fallback = quota;
    else byClient.set(client, quota);
    if (weight !== undefined && client !== '*' && !weights.has(client)) weights.set(client, weight);
  }
  const flag = (env.FAIR_SHARING ?? 'true').trim().toLowerCase();
  if (!['true', 'false', '1', '0', ''].includes(flag))
    problems.push(`FAIR_SHARING=${JSON.stringify(env.FAIR_SHARING)}: expected true or false`);
  const lookahead = Number(env.FAIR_QUEUE_LOOKAHEAD ?? '2');
  if (!Number.isInteger(lookahead) || lookahead < 1 || lookahead > 10_000)
    problems.push(
      `FAIR_QUEUE_LOOKAHEAD=${JSON.stringify(env.FAIR_QUEUE_LOOKAHEAD)}: expected an integer from 1 to 10000`,
    );
  return {
    fairness: { enabled: !['false', '0'].includes(flag), lookahead, weights },
    quotas: { byClient, fallback },
    problems,
  };
}

/** The limits of a client key. */
export function quotaOf(config: QuotasConfig, clientId: string): ClientQuota {
  return config.byClient.get(clientId) ?? config.fallback;
}
