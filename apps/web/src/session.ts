import { OcrClient } from '@remote-ocr/client';

const KEY = 'remote-ocr.api-key';

/** The API key of this tab (session storage: gone when the tab closes), `null` when signed out. */
export function storedKey(): string | null {
  return sessionStorage.getItem(KEY);
}

export function storeKey(key: string | null): void {
  if (key === null) sessionStorage.removeItem(KEY);
  else sessionStorage.setItem(KEY, key);
}

/** The typed client of the api this page was served by, sending the key as X-API-Key. */
export function clientFor(key: string | null): OcrClient {
  return new OcrClient({ baseUrl: window.location.origin, apiKey: key || undefined });
}

/** A v4 UUID; `crypto.randomUUID` exists only in secure contexts (HTTPS or localhost). */
export function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
