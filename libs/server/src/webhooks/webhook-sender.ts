import http from 'node:http';
import https from 'node:https';
import { assertWebhookUrl, guardedLookup, type UrlGuardOptions } from './webhook-url-guard.js';

/**
 * Sends one webhook request. Node's own http/https client is used (not fetch/undici) because it
 * takes a `lookup` per request — where the SSRF rule runs again at connect time — never follows
 * redirects, and lets us stop reading the answer after a few bytes.
 */

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface WebhookSendOptions extends UrlGuardOptions {
  timeoutMs: number;
  /** Bytes of the answer kept (the rest is not read). */
  maxResponseBytes: number;
}

export interface WebhookAttemptResult {
  /** HTTP status, or null when no answer came (refused, timeout, reset, blocked address). */
  statusCode: number | null;
  latencyMs: number;
  /** The `Retry-After` of the answer, ms, when it had a usable one. */
  retryAfterMs: number | null;
  /** The first bytes of the answer (for the delivery log), or why there was no answer. */
  detail: string;
}

/** `Retry-After` as seconds or an HTTP date → ms from now; null when absent or unusable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d{1,9}$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function readCapped(response: http.IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = () => resolve(Buffer.concat(chunks).toString('utf8').slice(0, maxBytes));
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= maxBytes) {
        response.destroy();
        finish();
      }
    });
    response.on('end', finish);
    response.on('error', finish);
    response.on('close', finish);
  });
}

/** Sends `request` once; never throws — every failure is an attempt result. */
// eslint-disable-next-line max-lines-per-function -- one delivery attempt: request, timeout and each outcome classified in one try/catch
export async function sendWebhook(
  request: WebhookRequest,
  options: WebhookSendOptions,
): Promise<WebhookAttemptResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let url: URL;
  try {
    url = await assertWebhookUrl(request.url, options, 'webhook url');
  } catch (error) {
    return { statusCode: null, latencyMs: elapsed(), retryAfterMs: null, detail: String(error) };
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const req = client.request(url, {
      method: 'POST',
      headers: {
        ...request.headers,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(request.body)),
        'user-agent': 'remote-ocr-webhooks',
      },
      lookup: guardedLookup(options),
      timeout: options.timeoutMs,
      agent: false,
    });
    // `timeout` is per idle socket; the timer also bounds a receiver that answers byte by byte.
    const abort = () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`));
    const deadline = setTimeout(abort, options.timeoutMs);
    req.on('close', () => clearTimeout(deadline));
    req.on('timeout', abort);
    req.on('error', (error) =>
      resolve({
        statusCode: null,
        latencyMs: elapsed(),
        retryAfterMs: null,
        detail: error.message,
      }),
    );
    req.on('response', (response) => {
      const retryAfter = parseRetryAfter(response.headers['retry-after']);
      void readCapped(response, options.maxResponseBytes).then((detail) =>
        resolve({
          statusCode: response.statusCode ?? null,
          latencyMs: elapsed(),
          retryAfterMs: retryAfter,
          detail,
        }),
      );
    });
    req.end(request.body);
  });
}
