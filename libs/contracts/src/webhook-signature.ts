/**
 * Signing and verifying webhooks (docs/webhooks.md), following the Standard Webhooks headers:
 * `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature`, a space-separated
 * list of `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` — two of them while a secret is being
 * rotated. Secrets are `whsec_<base64 key>`.
 *
 * Written here rather than taken from a package because it must run unchanged in Node ≥ 22 and in
 * browsers for the client library, with no dependency: it only needs Web Crypto (`crypto.subtle`),
 * whose `verify` also compares in constant time.
 */

export const WEBHOOK_SECRET_PREFIX = 'whsec_';
/** Default tolerance between `webhook-timestamp` and the receiver's clock, seconds. */
export const WEBHOOK_TOLERANCE_S = 300;

// A type alias (not an interface) so it is assignable to a plain header record.
export type WebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

/** Why a webhook was refused by {@link verifyWebhook}. */
export class WebhookVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
  }
}

const encoder = new TextEncoder();

function base64ToBytes(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

async function hmacKey(secret: string): Promise<HmacKey> {
  const raw = secret.startsWith(WEBHOOK_SECRET_PREFIX)
    ? base64ToBytes(secret.slice(WEBHOOK_SECRET_PREFIX.length))
    : null;
  if (!raw || raw.length < 16) {
    throw new WebhookVerificationError('webhook secret must be whsec_<base64 of ≥ 16 bytes>');
  }
  return crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
}

function signedContent(id: string, timestamp: string, body: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(`${id}.${timestamp}.${body}`);
}

/** A new random secret (`whsec_` + 32 random bytes in base64). */
export function newWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + bytesToBase64(crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * The headers of one delivery. Every secret in `secrets` signs it (the current one, plus the
 * previous one during a rotation's overlap), so receivers holding either secret accept it.
 */
export async function signWebhook(
  secrets: readonly string[],
  id: string,
  timestampS: number,
  body: string,
): Promise<WebhookHeaders> {
  const timestamp = String(Math.floor(timestampS));
  const content = signedContent(id, timestamp, body);
  const signatures: string[] = [];
  for (const secret of secrets) {
    const mac = await crypto.subtle.sign('HMAC', await hmacKey(secret), content);
    signatures.push(`v1,${bytesToBase64(new Uint8Array(mac))}`);
  }
  return {
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': signatures.join(' '),
  };
}

export interface VerifyOptions {
  /** Seconds the timestamp may differ from `nowS` (default {@link WEBHOOK_TOLERANCE_S}). */
  toleranceS?: number;
  /** The receiver's clock, Unix seconds (default: now). */
  nowS?: number;
}

/** A `Headers` instance (fetch), or a plain record such as Node's lower-cased `req.headers`. */
export type HeaderSource =
  { get(name: string): string | null } | Readonly<Record<string, string | string[] | undefined>>;

function header(headers: HeaderSource, name: keyof WebhookHeaders): string {
  const value =
    typeof headers.get === 'function'
      ? (headers as { get(name: string): string | null }).get(name)
      : (headers as Readonly<Record<string, string | string[] | undefined>>)[name];
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' || text === '') {
    throw new WebhookVerificationError(`missing ${name} header`);
  }
  return text;
}

function checkTimestamp(timestamp: string, options: VerifyOptions): void {
  if (!/^\d{1,12}$/.test(timestamp)) {
    throw new WebhookVerificationError('webhook-timestamp is not Unix seconds');
  }
  const now = options.nowS ?? Date.now() / 1000;
  const tolerance = options.toleranceS ?? WEBHOOK_TOLERANCE_S;
  if (Math.abs(now - Number(timestamp)) > tolerance) {
    throw new WebhookVerificationError('webhook-timestamp is outside the tolerance');
  }
}

/**
 * Verifies a received webhook against the endpoint's secret (or secrets, during a rotation) and
 * returns the parsed JSON body. `body` must be the raw request body, exactly as received.
 * Throws {@link WebhookVerificationError} when a header is missing, the timestamp is too old or
 * too new, or no signature matches.
 */
export async function verifyWebhook<T = unknown>(
  secrets: string | readonly string[],
  headers: HeaderSource,
  body: string,
  options: VerifyOptions = {},
): Promise<T> {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  checkTimestamp(timestamp, options);
  const content = signedContent(id, timestamp, body);
  const candidates = header(headers, 'webhook-signature')
    .split(' ')
    .filter((part) => part.startsWith('v1,'))
    .map((part) => base64ToBytes(part.slice(3)))
    .filter((bytes): bytes is Uint8Array<ArrayBuffer> => bytes !== null);
  for (const secret of typeof secrets === 'string' ? [secrets] : secrets) {
    const key = await hmacKey(secret);
    for (const candidate of candidates) {
      if (await crypto.subtle.verify('HMAC', key, candidate, content)) {
        return JSON.parse(body) as T;
      }
    }
  }
  throw new WebhookVerificationError('no webhook-signature matches');
}
