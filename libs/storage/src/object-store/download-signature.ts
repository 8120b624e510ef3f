import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 over the key and the expiry (unix seconds), base64url. */
export function signDownload(key: string, expires: number, secret: string): string {
  return createHmac('sha256', secret).update(`${key}\n${expires}`).digest('base64url');
}

/**
 * Checks a disk-store download link (`/files/<key>?expires=…&sig=…`): the signature must match
 * the key and expiry under `secret` (compared in constant time) and the expiry must not have
 * passed at `now`. `key` is the decoded path after `/files/`.
 */
export function verifyDownloadSignature(
  key: string,
  expires: string | number,
  sig: string,
  secret: string,
  now: Date | number = Date.now(),
): boolean {
  const expiresAt = typeof expires === 'number' ? expires : Number(expires);
  if (!Number.isSafeInteger(expiresAt) || (typeof expires === 'string' && !/^\d+$/.test(expires))) {
    return false;
  }
  const nowSeconds = Math.floor((typeof now === 'number' ? now : now.getTime()) / 1000);
  if (expiresAt < nowSeconds) return false;
  const expected = Buffer.from(signDownload(key, expiresAt, secret));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
