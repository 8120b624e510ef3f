import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 over the key and the expiry (unix seconds), base64url. */
export function signDownload(key: string, expires: number, secret: string): string {
  return createHmac('sha256', secret).update(`${key}\n${expires}`).digest('base64url');
}

/** What a link is checked against beyond its signature. */
export interface DownloadCheckOptions {
  /** Secrets of earlier rotations, still accepted (links live at most `maxTtlSeconds`). */
  previousSecrets?: readonly string[];
  /** Links claiming to live longer than this from `now` are refused (a minted "permanent" link). */
  maxTtlSeconds?: number;
}

/** Clock skew allowed between the signing and the verifying process. */
const SKEW_SECONDS = 60;

/**
 * Checks a disk-store download link (`/files/<key>?expires=…&sig=…`): the signature must match
 * the key and expiry under `secret` or one of `options.previousSecrets` (compared in constant
 * time), the expiry must not have passed at `now`, nor lie further ahead than
 * `options.maxTtlSeconds`. `key` is the decoded path after `/files/`.
 */
export function verifyDownloadSignature(
  key: string,
  expires: string | number,
  sig: string,
  secret: string,
  now: Date | number = Date.now(),
  options: DownloadCheckOptions = {},
): boolean {
  const expiresAt = typeof expires === 'number' ? expires : Number(expires);
  if (!Number.isSafeInteger(expiresAt) || (typeof expires === 'string' && !/^\d+$/.test(expires))) {
    return false;
  }
  const nowSeconds = Math.floor((typeof now === 'number' ? now : now.getTime()) / 1000);
  if (expiresAt < nowSeconds) return false;
  const { maxTtlSeconds, previousSecrets = [] } = options;
  if (maxTtlSeconds !== undefined && expiresAt > nowSeconds + maxTtlSeconds + SKEW_SECONDS)
    return false;
  const given = Buffer.from(sig);
  let valid = false;
  // Every secret is tried, so timing does not tell which one matched.
  for (const candidate of [secret, ...previousSecrets]) {
    const expected = Buffer.from(signDownload(key, expiresAt, candidate));
    if (given.length === expected.length && timingSafeEqual(given, expected)) valid = true;
  }
  return valid;
}
