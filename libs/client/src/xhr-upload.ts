import type { UploadProgress } from './upload.js';

/** The part of the browser's XMLHttpRequest this module uses (the client builds without DOM types). */
interface Xhr {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  getAllResponseHeaders(): string;
  send(body: unknown): void;
  abort(): void;
  responseType: string;
  readonly response: unknown;
  readonly status: number;
  readonly statusText: string;
  readonly upload: { onprogress: ((e: ProgressLike) => void) | null };
  onload: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
}
interface ProgressLike {
  loaded: number;
  total: number;
  lengthComputable: boolean;
}

const XhrClass = (globalThis as { XMLHttpRequest?: new () => Xhr }).XMLHttpRequest;

/**
 * Whether uploads go through XMLHttpRequest: in browsers. Browsers refuse a streamed `fetch`
 * body over HTTP/1.1 (Chromium: only HTTP/2 or QUIC), which is how most self-hosted apis are
 * reached, and `fetch` has no upload events; XHR has both a plain body and `upload.onprogress`.
 */
export const uploadsUseXhr = (): boolean => XhrClass !== undefined;

function headersOf(raw: string): Headers {
  const headers = new Headers();
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const at = line.indexOf(':');
    if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return headers;
}

/** A `fetch` that sends with XMLHttpRequest and reports upload progress (browsers only). */
export function xhrFetch(onProgress: (p: UploadProgress) => void): typeof fetch {
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const xhr = new XhrClass!();
      const signal = init.signal ?? undefined;
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      xhr.open(init.method ?? 'GET', url);
      for (const [k, v] of Object.entries((init.headers ?? {}) as Record<string, string>))
        xhr.setRequestHeader(k, v);
      xhr.responseType = 'blob';
      xhr.upload.onprogress = (e) =>
        onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : e.loaded });
      xhr.onload = () =>
        resolve(
          new Response(xhr.response as Blob, {
            status: xhr.status,
            statusText: xhr.statusText,
            headers: headersOf(xhr.getAllResponseHeaders()),
          }),
        );
      xhr.onerror = () => reject(new TypeError('network error'));
      xhr.onabort = () => reject((signal?.reason as Error) ?? new Error('aborted'));
      signal?.addEventListener('abort', () => xhr.abort());
      xhr.send(init.body);
    });
}
