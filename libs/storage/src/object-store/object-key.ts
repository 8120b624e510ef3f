import { DomainError } from '@remote-ocr/contracts';

/** A key that cannot name an object inside the store (traversal, absolute, control chars…). */
export class InvalidObjectKeyError extends DomainError {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super('validation_failed', `Invalid object key ${JSON.stringify(key)}: ${reason}`);
  }
}

/** The object does not exist. */
export class ObjectNotFoundError extends DomainError {
  constructor(readonly key: string) {
    super('not_found', `Object not found: ${key}`);
  }
}

const MAX_KEY_BYTES = 1024; // S3's limit, applied to every store so keys stay portable.
// Control characters, and invisible or direction-changing marks that make a key read as another.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN = /[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/u;
// Look-alikes of "/", "\" and "." that NFKC does not fold to ASCII (division/fraction slashes…).
const LOOKALIKES =
  /[\u2044\u2215\u29f5\u29f8\u29f9\u2024\u2025\u2026\ufe52\ufe68\uff0e\uff0f\uff3c]/u;

/**
 * Validates a `/`-separated relative object key and returns it in NFC. Rejects what could escape
 * a root directory or alias another key: `.`/`..`/empty segments, absolute keys, backslashes,
 * NUL and control characters, and Unicode look-alikes of `/`, `\` and `.`.
 */
export function normalizeObjectKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0)
    throw new InvalidObjectKeyError(String(key), 'empty');
  const nfc = key.normalize('NFC');
  rejectUnsafeCharacters(key, nfc);
  if (nfc.startsWith('/') || /^[A-Za-z]:/.test(nfc))
    throw new InvalidObjectKeyError(key, 'absolute');
  for (const segment of nfc.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw new InvalidObjectKeyError(key, `bad path segment "${segment}"`);
    }
  }
  if (Buffer.byteLength(nfc) > MAX_KEY_BYTES) throw new InvalidObjectKeyError(key, 'too long');
  return nfc;
}

function rejectUnsafeCharacters(key: string, nfc: string): void {
  if (nfc.includes('\\')) throw new InvalidObjectKeyError(key, 'backslash');
  if (FORBIDDEN.test(nfc)) throw new InvalidObjectKeyError(key, 'control or invisible character');
  if (LOOKALIKES.test(nfc))
    throw new InvalidObjectKeyError(key, 'look-alike of a path separator or dot');
  // Any other character that compatibility-folds into a separator or a dot is a look-alike too.
  for (const char of nfc) {
    if (char.charCodeAt(0) > 0x7f && /[/\\.:]/.test(char.normalize('NFKC'))) {
      throw new InvalidObjectKeyError(key, 'look-alike of a path separator or dot');
    }
  }
}

/**
 * Validates a list/delete prefix: `''` (everything) or a key prefix, optionally ending in `/`.
 * Returns it in NFC.
 */
export function normalizeObjectPrefix(prefix: string): string {
  if (prefix === '') return '';
  const trailing = prefix.endsWith('/');
  const body = normalizeObjectKey(trailing ? prefix.slice(0, -1) : prefix);
  return trailing ? `${body}/` : body;
}

/** Encodes a key for a URL path, segment by segment, keeping the `/` separators. */
export function encodeKeyPath(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}
