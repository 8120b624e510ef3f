import path from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { EngineName } from '@remote-ocr/contracts';
import { loadOrCreateDownloadSecret } from './download-secret.js';
import { Environment } from './environment.js';
import { parseRedisTarget } from '../infra/redis-client.js';
import { hashTaggedPrefix } from '../infra/redis-keys.js';
import { eventsConfig, type EventsConfig } from './events-config.js';
import { objectStoreConfig, type ObjectStoreConfig } from './object-store-config.js';
import { staticEndpointProblems, webhooksConfig, type WebhooksConfig } from './webhooks-config.js';
import { costsConfig, costsProblems, type CostsConfig } from './costs-config.js';
import { parseClientSharing, type QuotasConfig } from './client-sharing-config.js';
import type { FairSharingConfig } from '../queue/fair/fair-queue.js';

export type DatabaseConfig =
  | { kind: 'postgres'; url: string; autoMigrate: boolean }
  | { kind: 'supabase'; url: string; key: string };

export interface EnginesConfig {
  default: EngineName;
  available: EngineName[];
  openrouter: {
    apiKey?: string;
    baseUrl: string;
    defaultModel: string;
    /** Models jobs may name; '*' allows any (OPENROUTER_ALLOWED_MODELS). */
    allowedModels: string[] | '*';
    maxRpm: number;
    maxConcurrent: number;
    timeoutMs: number;
  };
  datalab: {
    apiKey?: string;
    baseUrl: string;
    maxRpm: number;
    maxConcurrent: number;
    pollIntervalMs: number;
    maxPolls: number;
  };
  local: { langs: string; tessdataDir?: string };
}

/** The whole runtime configuration, parsed and validated once at boot. */
export interface AppConfig {
  apiKey: string | null;
  /** API key → client_id; empty when per-client keys are off. */
  clientKeys: Map<string, string>;
  dataDir: string;
  /** `prefix` is hash-tagged on a cluster (docs/scaling.md, "Redis keys and cluster slots"). */
  redis: { url: string; prefix: string; cluster: boolean };
  /** Self-recycling worker caps (0: off): WORKER_MAX_RSS_MB, WORKER_MAX_JOBS. */
  workerRecycle: { maxRssMb: number; maxJobs: number };
  database: DatabaseConfig;
  objectStore: ObjectStoreConfig;
  engines: EnginesConfig;
  jobs: {
    maxConcurrentJobs: number;
    engineConcurrency: number;
    timeLimitMs: number;
    /** null: one per core. */
    renderThreads: number | null;
    /** RENDERER: which library draws the crops. */
    renderer: 'pdfium' | 'pdfjs';
    /** RENDER_TEXT_LAYER: where the PDFium renderer reads the text layer from. */
    renderTextLayer: 'pdfium' | 'pdfjs';
    /** STRIP_IMAGE_FORMAT: how strips are encoded for the engines. */
    stripImageFormat: 'png' | 'webp' | 'jpeg';
    stripMaxHeight: number;
    maxQueueSize: number;
    lockDurationMs: number;
    stalledIntervalMs: number;
  };
  http: {
    host: string;
    port: number;
    publicBaseUrl: string;
    maxUploadBytes: number;
    maxPages: number;
    maxBlocks: number;
    downloadTtlSeconds: number;
  };
  events: EventsConfig;
  webhooks: WebhooksConfig;
  costs: CostsConfig;
  /** Sweep of objects whose job row is gone (docs/security.md); `intervalMs` 0 = off. */
  orphanSweep: { intervalMs: number; graceMs: number };
  workerMetricsPort: number;
  workerMetricsHost: string;
  logLevel: string;
  /** Fair sharing between clients (docs/scaling-fairness.md). */
  fairness: FairSharingConfig;
  /** Limits per client key (docs/quotas.md). */
  quotas: QuotasConfig;
}

/** Thrown at boot with every bad variable listed. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** One line per bad variable, quoting the raw value as it was set (not its converted form). */
function describe(errors: ValidationError[], raw: Record<string, unknown>): string[] {
  return errors.map((e) => {
    const why = Object.values(e.constraints ?? {}).join(', ');
    return `${e.property}=${JSON.stringify(raw[e.property] ?? e.value)}: ${why}`;
  });
}

/** Parses `env` (pass `process.env`) into an AppConfig, or throws ConfigError listing every problem. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const known = Object.fromEntries(
    Object.keys(new Environment())
      .concat(OPTIONAL_KEYS)
      .flatMap((k) => (env[k] === undefined ? [] : [[k, env[k]]])),
  );
  const e = plainToInstance(Environment, known, { exposeDefaultValues: true });
  const problems = describe(validateSync(e), known);
  problems.push(...crossChecks(e));
  const sharing = parseClientSharing(env);
  problems.push(...sharing.problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...build(e), fairness: sharing.fairness, quotas: sharing.quotas };
}

const OPTIONAL_KEYS = [
  'REMOTE_OCR_API_KEY',
  'CLIENT_API_KEYS',
  'SUPABASE_URL',
  'SUPABASE_KEY',
  'R2_ACCOUNT_ID',
  'R2_ACCESS_KEY_ID',
  'R2_SECRET_ACCESS_KEY',
  'R2_BUCKET_NAME',
  'R2_PUBLIC_URL',
  'S3_ENDPOINT',
  'OPENROUTER_API_KEY',
  'DATALAB_API_KEY',
  'LOCAL_TESSDATA_DIR',
  'DEFAULT_ENGINE',
  'PUBLIC_BASE_URL',
  'DOWNLOAD_URL_SECRET',
  'DOWNLOAD_URL_PREVIOUS_SECRETS',
  'RENDER_THREADS',
  'EVENTS_TOKEN_SECRET',
  'OPENROUTER_ALLOWED_MODELS',
  'HOST',
  'WEBHOOK_RETRY_SCHEDULE_S',
  'WEBHOOK_ENDPOINTS',
  'ENGINE_PRICES',
  'ENGINE_PRICES_FILE',
  'CLIENT_DAILY_BUDGETS',
];

function crossChecks(e: Environment): string[] {
  const problems: string[] = costsProblems(e);
  problems.push(...staticEndpointProblems(e.WEBHOOK_ENDPOINTS));
  if (Boolean(e.SUPABASE_URL) !== Boolean(e.SUPABASE_KEY)) {
    problems.push('SUPABASE_URL and SUPABASE_KEY must be set together');
  }
  const s3Parts = [e.R2_ACCESS_KEY_ID, e.R2_SECRET_ACCESS_KEY, e.R2_BUCKET_NAME];
  const wantsS3 = Boolean(e.R2_ACCOUNT_ID || e.S3_ENDPOINT || s3Parts.some(Boolean));
  if (wantsS3 && !s3Parts.every(Boolean)) {
    problems.push(
      'object storage needs R2_ACCESS_KEY_ID, R2_SECRET_ACCESS_KEY and R2_BUCKET_NAME together',
    );
  }
  if (wantsS3 && !e.R2_ACCOUNT_ID && !e.S3_ENDPOINT) {
    problems.push('object storage needs R2_ACCOUNT_ID (Cloudflare R2) or S3_ENDPOINT');
  }
  for (const pair of (e.CLIENT_API_KEYS ?? '').split(',').filter((p) => p.trim() !== '')) {
    const [key, client] = pair.split(':').map((s) => s.trim());
    if (!key || !client || key.length < 8)
      problems.push(
        `CLIENT_API_KEYS entry "${pair}": expected key:client_id with a key of 8+ characters`,
      );
  }
  problems.push(...openServerProblems(e), ...redisUrlProblems(e));
  const engine = e.DEFAULT_ENGINE;
  if (engine === 'openrouter' && !e.OPENROUTER_API_KEY)
    problems.push('DEFAULT_ENGINE=openrouter needs OPENROUTER_API_KEY');
  if (engine === 'datalab' && !e.DATALAB_API_KEY)
    problems.push('DEFAULT_ENGINE=datalab needs DATALAB_API_KEY');
  if (engine === 'auto' && !e.OPENROUTER_API_KEY && !e.DATALAB_API_KEY)
    problems.push('DEFAULT_ENGINE=auto needs OPENROUTER_API_KEY or DATALAB_API_KEY');
  return problems;
}

/** No operator key and no client key: every route answers anyone who can connect. */
export function isOpenServer(config: Pick<AppConfig, 'apiKey' | 'clientKeys'>): boolean {
  return config.apiKey === null && config.clientKeys.size === 0;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

function openServerProblems(e: Environment): string[] {
  const open = !e.REMOTE_OCR_API_KEY && !(e.CLIENT_API_KEYS ?? '').trim();
  if (!open || e.ALLOW_OPEN || e.HOST === undefined || LOOPBACK.has(e.HOST)) return [];
  return [
    `HOST=${e.HOST} with no REMOTE_OCR_API_KEY or CLIENT_API_KEYS would serve every job to anyone who can reach it; set a key, or ALLOW_OPEN=true to accept that`,
  ];
}

function parseClientKeys(raw: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const pair of (raw ?? '').split(',').filter((p) => p.trim() !== '')) {
    const [key, client] = pair.split(':').map((s) => s.trim());
    if (key && client) map.set(key, client);
  }
  return map;
}

function allowedModels(raw: string | undefined, defaultModel: string): string[] | '*' {
  if (raw?.trim() === '*') return '*';
  const listed = (raw ?? '').split(',').map((m) => m.trim());
  return [...new Set([defaultModel, ...listed.filter(Boolean)])];
}

function enginesConfig(e: Environment): EnginesConfig {
  const available: EngineName[] = ['local'];
  if (e.OPENROUTER_API_KEY) available.unshift('openrouter');
  if (e.DATALAB_API_KEY) available.push('datalab');
  // auto needs a vision engine for what the text layer cannot give (docs/auto-engine.md).
  const hasModel = Boolean(e.OPENROUTER_API_KEY || e.DATALAB_API_KEY);
  if (hasModel) available.push('auto');
  return {
    default: e.DEFAULT_ENGINE ?? (hasModel ? 'auto' : 'local'),
    available,
    openrouter: {
      apiKey: e.OPENROUTER_API_KEY,
      baseUrl: e.OPENROUTER_BASE_URL,
      defaultModel: e.OPENROUTER_DEFAULT_MODEL,
      allowedModels: allowedModels(e.OPENROUTER_ALLOWED_MODELS, e.OPENROUTER_DEFAULT_MODEL),
      maxRpm: e.OPENROUTER_MAX_RPM,
      maxConcurrent: e.OPENROUTER_MAX_CONCURRENT,
      timeoutMs: e.OPENROUTER_TIMEOUT_S * 1000,
    },
    datalab: {
      apiKey: e.DATALAB_API_KEY,
      baseUrl: e.DATALAB_BASE_URL,
      maxRpm: e.DATALAB_MAX_RPM,
      maxConcurrent: e.DATALAB_MAX_CONCURRENT,
      pollIntervalMs: e.DATALAB_POLL_INTERVAL_MS,
      maxPolls: e.DATALAB_MAX_POLLS,
    },
    local: { langs: e.LOCAL_OCR_LANGS, tessdataDir: e.LOCAL_TESSDATA_DIR },
  };
}

/** REDIS_URL's form (docs/scaling.md); the message never quotes the URL, it may hold a password. */
function redisUrlProblems(e: Environment): string[] {
  try {
    parseRedisTarget({ url: e.REDIS_URL, cluster: e.REDIS_CLUSTER });
    return [];
  } catch (error) {
    return [`REDIS_URL: ${(error as Error).message}`];
  }
}

function redisConfig(e: Environment): AppConfig['redis'] {
  const cluster = e.REDIS_CLUSTER || /^rediss?\+cluster:\/\//.test(e.REDIS_URL);
  return { url: e.REDIS_URL, prefix: hashTaggedPrefix(e.QUEUE_PREFIX, cluster), cluster };
}

// eslint-disable-next-line max-lines-per-function -- a flat mapping of every environment variable to its setting, one line each
function build(e: Environment): Omit<AppConfig, 'fairness' | 'quotas'> {
  const dataDir = path.resolve(e.REMOTE_OCR_DATA_DIR);
  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  // Download links and event tokens sign with one secret, read or generated once: the explicit
  // one, else a random one kept in the shared data dir (docs/security.md, "Download links").
  let secret: string | undefined;
  const signingSecret = () =>
    (secret ??= e.DOWNLOAD_URL_SECRET ?? loadOrCreateDownloadSecret(dataDir));
  return {
    apiKey: e.REMOTE_OCR_API_KEY ?? null,
    clientKeys: parseClientKeys(e.CLIENT_API_KEYS),
    dataDir,
    redis: redisConfig(e),
    workerRecycle: { maxRssMb: e.WORKER_MAX_RSS_MB, maxJobs: e.WORKER_MAX_JOBS },
    database:
      e.SUPABASE_URL && e.SUPABASE_KEY
        ? { kind: 'supabase', url: e.SUPABASE_URL, key: e.SUPABASE_KEY }
        : { kind: 'postgres', url: e.DATABASE_URL, autoMigrate: e.AUTO_MIGRATE },
    objectStore: objectStoreConfig(e, dataDir, publicBaseUrl, signingSecret),
    engines: enginesConfig(e),
    jobs: {
      maxConcurrentJobs: e.MAX_CONCURRENT_JOBS,
      engineConcurrency: e.JOB_ENGINE_CONCURRENCY,
      timeLimitMs: e.JOB_TIME_LIMIT_S * 1000,
      renderThreads: e.RENDER_THREADS ?? null,
      renderer: e.RENDERER,
      renderTextLayer: e.RENDER_TEXT_LAYER,
      stripImageFormat: e.STRIP_IMAGE_FORMAT,
      stripMaxHeight: e.STRIP_MAX_HEIGHT,
      maxQueueSize: e.MAX_QUEUE_SIZE,
      lockDurationMs: e.QUEUE_LOCK_DURATION_MS,
      stalledIntervalMs: e.QUEUE_STALLED_INTERVAL_MS,
    },
    http: {
      host: e.HOST ?? (e.REMOTE_OCR_API_KEY || e.CLIENT_API_KEYS ? '0.0.0.0' : '127.0.0.1'),
      port: e.PORT,
      publicBaseUrl,
      maxUploadBytes: Math.round(e.MAX_UPLOAD_MB * 1024 * 1024),
      maxPages: e.MAX_PAGES,
      maxBlocks: e.MAX_BLOCKS,
      downloadTtlSeconds: e.DOWNLOAD_URL_TTL_S,
    },
    events: eventsConfig(e, signingSecret),
    webhooks: webhooksConfig(e),
    costs: costsConfig(e),
    orphanSweep: {
      intervalMs: e.ORPHAN_SWEEP_INTERVAL_MIN * 60_000,
      graceMs: e.ORPHAN_SWEEP_GRACE_S * 1000,
    },
    workerMetricsPort: e.WORKER_METRICS_PORT,
    workerMetricsHost: e.WORKER_METRICS_HOST,
    logLevel: e.LOG_LEVEL,
  };
}
