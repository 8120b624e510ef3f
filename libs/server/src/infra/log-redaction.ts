import type { Options as PinoHttpOptions } from 'pino-http';
import type { AppConfig } from '../config/app-config.js';

/** What a redacted value is replaced with in the logs. */
export const REDACTED = '[redacted]';

/**
 * Header and field paths pino removes before serialising: the key header of every request (a
 * guessed key is as secret as a valid one), bearer tokens and cookies, and the same names where
 * an error object carries the headers of the request it failed on.
 */
const REDACT_PATHS = [
  'req.headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.query.sig',
  'res.headers["set-cookie"]',
  '*.headers["x-api-key"]',
  '*.headers["X-Api-Key"]',
  '*.headers.authorization',
  '*.headers.Authorization',
  '*.apiKey',
  '*.secretAccessKey',
  '*.password',
];

/** Signatures of download links: `?sig=…` inside logged URLs, `"sig":"…"` in logged queries. */
const SIGNATURE = /([?&]sig=|"sig":")[^&"\s\\]+/g;
/** Shorter values would match ordinary words; the config requires keys of 8+ characters. */
const MIN_SECRET_LENGTH = 6;

function passwordOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}

/** Every secret value of the configuration: keys, engine keys, store and database credentials. */
export function configSecrets(config: AppConfig): string[] {
  const store = config.objectStore;
  const db = config.database;
  const values = [
    config.apiKey,
    ...config.clientKeys.keys(),
    config.engines.openrouter.apiKey,
    config.engines.datalab.apiKey,
    store.kind === 'disk' ? store.secret : store.secretAccessKey,
    ...(store.kind === 'disk' ? (store.previousSecrets ?? []) : []),
    db.kind === 'supabase' ? db.key : passwordOf(db.url),
    passwordOf(config.redis.url),
  ];
  return values.filter((v): v is string => typeof v === 'string' && v.length >= MIN_SECRET_LENGTH);
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A function that scrubs every form a secret takes in a log line (as is, JSON-escaped,
 * URL-encoded) and every link signature. It runs on the final line, so a secret reaching the log
 * by any path (an error message quoting a header, a logged URL) is still removed.
 */
export function secretScrubber(secrets: readonly string[]): (line: string) => string {
  const forms = new Set<string>();
  for (const s of secrets) {
    forms.add(s);
    forms.add(JSON.stringify(s).slice(1, -1));
    forms.add(encodeURIComponent(s));
  }
  const sorted = [...forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const values = sorted.length > 0 ? new RegExp(sorted.join('|'), 'g') : null;
  return (line) => {
    const unsigned = line.includes('sig=') ? line.replace(SIGNATURE, `$1${REDACTED}`) : line;
    return values ? unsigned.replace(values, REDACTED) : unsigned;
  };
}

/**
 * pino(-http) options shared by the api and the worker: the configured level, redacted header
 * paths, and the scrubber over every written line (docs/security.md, "Logs").
 */
export function redactingLoggerOptions(config: AppConfig): PinoHttpOptions {
  return {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    hooks: { streamWrite: secretScrubber(configSecrets(config)) },
  };
}
