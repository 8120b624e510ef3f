import { OcrApiError, OcrNetworkError, errorOf } from './errors.js';

/** What fetch accepts as a body, without needing the DOM lib in tsconfig. */
export type RequestBody = NonNullable<RequestInit['body']>;

/** How the client reaches the server. */
export interface ClientOptions {
  /** Base URL of the api, e.g. `http://127.0.0.1:8000`. */
  baseUrl: string;
  /** `X-API-Key` (operator or client key); omit on an open server. */
  apiKey?: string;
  /** Tries of an idempotent call (GETs, and creates carrying an Idempotency-Key); default 4. */
  retries?: number;
  /** First backoff delay in ms, doubled per try with full jitter; default 300. */
  retryDelayMs?: number;
  /** Timeout of one try in ms (not of uploads or streams); default 60 000. */
  timeoutMs?: number;
  /** A fetch to use instead of the global one. */
  fetch?: typeof fetch;
}

export interface CallOptions {
  method?: string;
  query?: Record<string, string | number | undefined>;
  body?: RequestBody;
  headers?: Record<string, string>;
  /** Safe to send again after a network error or a 5xx (GET, or carrying an Idempotency-Key). */
  idempotent?: boolean;
  signal?: AbortSignal;
  /** No per-try timeout (long uploads, long-polls with their own bound). */
  noTimeout?: boolean;
  /** A transport for this call instead of the client's fetch (browser uploads, xhr-upload.ts). */
  fetch?: typeof fetch;
  /** Rebuilds the body for a retry (a streamed body can be read once only). */
  rebuild?: () => { body: RequestBody; headers?: Record<string, string> };
}

const RETRY_STATUS = new Set([502, 503, 504]);
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    });
  });

/**
 * The transport: URL building, the key header, typed errors, timeouts and retries with
 * exponential backoff and full jitter. Hand-written (a dozen lines) rather than a retry library so
 * the browser entry has no runtime dependency besides contracts' types.
 */
export class HttpCore {
  readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;

  constructor(readonly options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  }

  url(route: string, query: CallOptions['query'] = {}): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    return `${this.baseUrl}${route}${qs ? `?${qs}` : ''}`;
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return this.options.apiKey ? { 'X-API-Key': this.options.apiKey, ...extra } : extra;
  }

  /** Sends one call and returns the raw response when it is 2xx; throws a typed error else. */
  async send(route: string, call: CallOptions = {}): Promise<Response> {
    const tries = call.idempotent || !call.method || call.method === 'GET' ? this.retries() : 1;
    let body = call.body;
    let headers = call.headers;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(route, { ...call, body, headers });
      } catch (error) {
        if (attempt >= tries || !retryable(error) || call.signal?.aborted) throw error;
        await sleep(this.backoff(attempt), call.signal);
        if (call.rebuild) ({ body, headers = call.headers } = call.rebuild());
      }
    }
  }

  /** Sends one call and parses its JSON answer. */
  async json<T>(route: string, call: CallOptions = {}): Promise<T> {
    const res = await this.send(route, call);
    return (await res.json()) as T;
  }

  private async once(route: string, call: CallOptions): Promise<Response> {
    const signals = [call.signal, call.noTimeout ? undefined : AbortSignal.timeout(this.timeout())];
    const init: RequestInit & { duplex?: 'half' } = {
      method: call.method ?? 'GET',
      headers: this.headers(call.headers),
      body: call.body,
      signal: AbortSignal.any(signals.filter((s): s is AbortSignal => s !== undefined)),
    };
    if (call.body instanceof ReadableStream) init.duplex = 'half';
    let res: Response;
    try {
      res = await (call.fetch ?? this.fetchFn)(this.url(route, call.query), init);
    } catch (error) {
      if (call.signal?.aborted) throw error;
      throw new OcrNetworkError(`${init.method} ${route}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (res.ok) return res;
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { detail: text.slice(0, 500) || `HTTP ${res.status}` };
    }
    throw errorOf(res.status, parsed);
  }

  private retries(): number {
    return Math.max(1, this.options.retries ?? 4);
  }

  private timeout(): number {
    return this.options.timeoutMs ?? 60_000;
  }

  private backoff(attempt: number): number {
    const cap = (this.options.retryDelayMs ?? 300) * 2 ** (attempt - 1);
    return Math.random() * cap;
  }
}

function retryable(error: unknown): boolean {
  if (error instanceof OcrNetworkError) return true;
  return error instanceof OcrApiError && RETRY_STATUS.has(error.status);
}
