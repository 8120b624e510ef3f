import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  return value;
};
const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const URL_OPTS = { require_tld: false, require_protocol: true } as const;

/**
 * Every environment variable the server reads, with its default. Values arrive as strings and are
 * converted here; `parseConfig` lists every bad value at once. The README's table mirrors this.
 */
export class Environment {
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(8)
  REMOTE_OCR_API_KEY?: string;

  /** `key1:client_a,key2:client_b` — per-client keys, each seeing only its own jobs. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  CLIENT_API_KEYS?: string;

  @IsString() REMOTE_OCR_DATA_DIR = './data';
  @IsString() REDIS_URL = 'redis://127.0.0.1:6379';
  @IsString() QUEUE_PREFIX = 'remote-ocr';
  /** REDIS_URL names a Redis Cluster seed node (docs/scaling.md); `redis+cluster://` says so too. */
  @Transform(toBool) @IsBoolean() REDIS_CLUSTER = false;
  /** A worker whose resident memory passes this finishes its jobs and exits 0 (0: no cap). */
  @Transform(toInt) @IsInt() @Min(0) WORKER_MAX_RSS_MB = 0;
  /** A worker that has run this many jobs finishes its jobs and exits 0 (0: no cap). */
  @Transform(toInt) @IsInt() @Min(0) WORKER_MAX_JOBS = 0;
  @IsString() DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/remote_ocr';
  @Transform(toBool) @IsBoolean() AUTO_MIGRATE = true;

  @IsOptional() @Transform(emptyToUndefined) @IsUrl(URL_OPTS) SUPABASE_URL?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsString() SUPABASE_KEY?: string;

  @IsOptional() @Transform(emptyToUndefined) @IsString() R2_ACCOUNT_ID?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsString() R2_ACCESS_KEY_ID?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsString() R2_SECRET_ACCESS_KEY?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsString() R2_BUCKET_NAME?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsUrl(URL_OPTS) R2_PUBLIC_URL?: string;
  /** Any S3 endpoint (MinIO, AWS, s3rver); R2 is derived from R2_ACCOUNT_ID when this is unset. */
  @IsOptional() @Transform(emptyToUndefined) @IsUrl(URL_OPTS) S3_ENDPOINT?: string;
  @IsString() S3_REGION = 'auto';
  @Transform(toBool) @IsBoolean() S3_FORCE_PATH_STYLE = false;

  @IsOptional() @Transform(emptyToUndefined) @IsString() OPENROUTER_API_KEY?: string;
  @IsUrl(URL_OPTS) OPENROUTER_BASE_URL = 'https://openrouter.ai/api/v1';
  @IsString() OPENROUTER_DEFAULT_MODEL = 'qwen/qwen3-vl-30b-a3b-instruct';
  /**
   * Models a job may name (`a,b`): unset allows only OPENROUTER_DEFAULT_MODEL, `*` any model —
   * every job's model is paid with the operator's key (docs/security.md).
   */
  @IsOptional() @Transform(emptyToUndefined) @IsString() OPENROUTER_ALLOWED_MODELS?: string;
  @Transform(toInt) @IsInt() @Min(1) OPENROUTER_MAX_RPM = 600;
  @Transform(toInt) @IsInt() @Min(1) OPENROUTER_MAX_CONCURRENT = 16;
  /** One chat call, the whole HTTP exchange: a hung connection frees its slot after this. */
  @Transform(toInt) @IsInt() @Min(1) OPENROUTER_TIMEOUT_S = 180;

  @IsOptional() @Transform(emptyToUndefined) @IsString() DATALAB_API_KEY?: string;
  @IsUrl(URL_OPTS) DATALAB_BASE_URL = 'https://www.datalab.to';
  @Transform(toInt) @IsInt() @Min(1) DATALAB_MAX_RPM = 180;
  @Transform(toInt) @IsInt() @Min(1) DATALAB_MAX_CONCURRENT = 5;
  @Transform(toInt) @IsInt() @Min(100) DATALAB_POLL_INTERVAL_MS = 2000;
  @Transform(toInt) @IsInt() @Min(1) DATALAB_MAX_POLLS = 300;

  /** Extra Tesseract languages (`eng+rus`) and the directory holding their .traineddata files. */
  @IsString() LOCAL_OCR_LANGS = 'eng';
  @IsOptional() @Transform(emptyToUndefined) @IsString() LOCAL_TESSDATA_DIR?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['openrouter', 'datalab', 'local', 'auto'])
  DEFAULT_ENGINE?: 'openrouter' | 'datalab' | 'local' | 'auto';

  @Transform(toInt) @IsInt() @Min(1) @Max(64) MAX_CONCURRENT_JOBS = 2;
  /** Engine calls in flight per job (the shared per-engine limits still apply on top). */
  @Transform(toInt) @IsInt() @Min(1) @Max(256) JOB_ENGINE_CONCURRENCY = 8;
  @Transform(toInt) @IsInt() @Min(10) JOB_TIME_LIMIT_S = 3600;
  /** A worker's lock on a running job; renewed at half this while the worker lives. */
  @Transform(toInt) @IsInt() @Min(1000) QUEUE_LOCK_DURATION_MS = 30_000;
  /** How often workers look for jobs whose lock expired (a crashed worker) and take them over. */
  @Transform(toInt) @IsInt() @Min(500) QUEUE_STALLED_INTERVAL_MS = 15_000;
  /** Render threads per job (default: the number of cores; 0 renders on the worker's main thread). */
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(64) RENDER_THREADS?: number;
  /** PDF renderer of the crops: PDFium (WebAssembly, default) or pdf.js (docs/rendering.md). */
  @IsIn(['pdfium', 'pdfjs']) RENDERER: 'pdfium' | 'pdfjs' = 'pdfium';
  /** PDFium renderer only: text layer from pdf.js (default, closer to MuPDF's) or PDFium. */
  @IsIn(['pdfium', 'pdfjs']) RENDER_TEXT_LAYER: 'pdfium' | 'pdfjs' = 'pdfium';
  /** Encoding of the strips sent to the engines (docs/rendering.md, chosen by measurement). */
  @IsIn(['png', 'webp', 'jpeg']) STRIP_IMAGE_FORMAT: 'png' | 'webp' | 'jpeg' = 'png';
  @Transform(toInt) @IsInt() @Min(500) @Max(30000) STRIP_MAX_HEIGHT = 9000;

  @Transform(toInt) @IsInt() @Min(1) @Max(65535) PORT = 8000;
  /**
   * Listening interface: 0.0.0.0 when a key is set, else 127.0.0.1 (an open server stays local).
   * An open server on another interface needs ALLOW_OPEN=true (docs/security.md).
   */
  @IsOptional() @Transform(emptyToUndefined) @IsString() HOST?: string;
  @Transform(toBool) @IsBoolean() ALLOW_OPEN = false;
  /** Base URL clients reach the api at; download links of the disk store point here. */
  @IsOptional() @Transform(emptyToUndefined) @IsUrl(URL_OPTS) PUBLIC_BASE_URL?: string;
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(16)
  DOWNLOAD_URL_SECRET?: string;
  @Transform(toInt) @IsNumber() @Min(1) MAX_UPLOAD_MB = 512;
  @Transform(toInt) @IsInt() @Min(1) MAX_PAGES = 5000;
  @Transform(toInt) @IsInt() @Min(1) MAX_BLOCKS = 20000;
  @Transform(toInt) @IsInt() @Min(1) MAX_QUEUE_SIZE = 1000;
  /** Secrets links were signed with before a rotation (`old1,old2`): still accepted until expiry. */
  @IsOptional() @Transform(emptyToUndefined) @IsString() DOWNLOAD_URL_PREVIOUS_SECRETS?: string;
  /** Lifetime of a download link; capped at 7 days, and the api refuses links that claim more. */
  @Transform(toInt) @IsInt() @Min(3600) @Max(7 * 24 * 3600) DOWNLOAD_URL_TTL_S = 3600 * 6;

  /** Live events (docs/events.md): entries kept per job / client stream, and their TTL. */
  @Transform(toInt) @IsInt() @Min(10) @Max(100_000) EVENTS_STREAM_MAXLEN = 2000;
  @Transform(toInt) @IsInt() @Min(60) EVENTS_STREAM_TTL_S = 86_400;
  /** `: ping` comment on open SSE responses (proxies drop idle connections). */
  @Transform(toInt) @IsInt() @Min(100) @Max(300_000) EVENTS_PING_MS = 15_000;
  /** Lifetime of the signed `?token=` of EventSource URLs. */
  @Transform(toInt) @IsInt() @Min(10) @Max(86_400) EVENTS_TOKEN_TTL_S = 600;
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(16)
  EVENTS_TOKEN_SECRET?: string;
  /** How often the api looks for processing jobs without a live worker lock. */
  @Transform(toInt) @IsInt() @Min(200) STALL_CHECK_MS = 2000;
  /** A processing job with no progress for this long is shown stalled. */
  @Transform(toInt) @IsInt() @Min(5) STALL_NO_PROGRESS_S = 600;
  /** How often a worker refreshes `heartbeat_at` of the jobs it runs. */
  @Transform(toInt) @IsInt() @Min(200) WORKER_HEARTBEAT_MS = 5000;

  /** Webhooks (docs/webhooks.md): allow loopback/private targets (tests, closed networks). */
  @Transform(toBool) @IsBoolean() WEBHOOK_ALLOW_PRIVATE = false;
  /** Seconds to wait after each failed attempt, comma-separated (default ≈ 35 h in 11 steps). */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^\d+(\.\d+)?(,\d+(\.\d+)?){0,29}$/, {
    message: 'WEBHOOK_RETRY_SCHEDULE_S: seconds, comma-separated',
  })
  WEBHOOK_RETRY_SCHEDULE_S?: string;
  /** Static operator endpoints, a JSON list (docs/webhooks.md); checked in webhooks-config.ts. */
  @IsOptional() @Transform(emptyToUndefined) @IsString() WEBHOOK_ENDPOINTS?: string;
  @Transform(toInt) @IsInt() @Min(100) @Max(120_000) WEBHOOK_TIMEOUT_MS = 10_000;
  /** A dispatcher's unacknowledged events are taken over by another after this long. */
  @Transform(toInt) @IsInt() @Min(100) WEBHOOK_CLAIM_IDLE_MS = 30_000;

  /** Minutes between a worker's sweeps of objects whose job is gone; 0 turns the sweep off. */
  @Transform(toInt) @IsInt() @Min(0) @Max(10_080) ORPHAN_SWEEP_INTERVAL_MIN = 60;
  /** An orphaned job prefix is removed only when its newest object is at least this old. */
  @Transform(toInt) @IsInt() @Min(60) ORPHAN_SWEEP_GRACE_S = 3600;

  /** Costs (docs/costs.md): price table as JSON, a file of it, and daily budgets per client. */
  @IsOptional() @Transform(emptyToUndefined) @IsString() ENGINE_PRICES?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsString() ENGINE_PRICES_FILE?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsString() CLIENT_DAILY_BUDGETS?: string;

  @Transform(toInt) @IsInt() @Min(0) @Max(65535) WORKER_METRICS_PORT = 9464;
  /** Interface of the worker's metrics endpoint: loopback unless a scraper elsewhere needs it. */
  @IsString() WORKER_METRICS_HOST = '127.0.0.1';
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';
}
