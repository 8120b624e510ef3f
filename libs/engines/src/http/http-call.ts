import { EngineError, reasonForStatus } from '../errors/engine-error.js';
import { parseRetryAfter } from './retry-after.js';

/** Settings of one HTTP call to an engine. */
export interface HttpCallOptions {
  /** Engine name, carried by errors. */
  engine: string;
  /** Whole-call timeout (connect, send, wait, read), ms. */
  timeoutMs: number;
  /** The caller's signal: aborting cancels the request at once (never retried). */
  signal?: AbortSignal;
}

/** A successful (2xx) response with its JSON body. */
export interface JsonResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

/** Bodies from this size on are handed to fetch as a stream (`streamedBody`). */
const STREAM_BODY_BYTES = 64 << 10;

/**
 * `init` with a large byte body handed over as a one-chunk stream, its length in Content-Length
 * (so it is still sent in one piece, not chunked). Given bytes, fetch first copies them into a
 * fresh zeroed buffer and then writes them out in a way that measured 4-7x the CPU of the stream
 * (100 requests of 3 MB to a loopback server: 1.7-3.5 s against 0.45-0.52 s, client and server);
 * the strips' request bodies are megabytes each (docs/rendering.md, "The worker's own costs").
 */
function streamedBody(init: RequestInit): RequestInit & { duplex?: 'half' } {
  const body = init.body;
  if (!(body instanceof Uint8Array) || body.byteLength < STREAM_BODY_BYTES) return init;
  const headers = new Headers(init.headers);
  headers.set('content-length', String(body.byteLength));
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(body);
      controller.close();
    },
  });
  return { ...init, headers, body: stream, duplex: 'half' };
}

/**
 * Performs one request with Node's fetch under `AbortSignal.any([timeout, caller])` and returns the
 * parsed JSON of a 2xx answer. Every failure becomes a classified EngineError: HTTP statuses by
 * `reasonForStatus` (with Retry-After), caller abort → `aborted`, our timeout → `timeout`,
 * socket/DNS failures → `network`, a body that is not JSON → `bad_response`.
 */
// eslint-disable-next-line max-lines-per-function -- one request with its timeout and abort, every failure class mapped in one try/catch
export async function callJson(
  url: string,
  init: RequestInit,
  options: HttpCallOptions,
): Promise<JsonResponse> {
  const { engine, signal } = options;
  if (signal?.aborted) throw abortedError(engine, signal);
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const combined = signal ? AbortSignal.any([timeout, signal]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { ...streamedBody(init), signal: combined });
    text = await response.text();
  } catch (err) {
    throw transportError(err, options, timeout);
  }
  if (!response.ok) {
    throw new EngineError(
      reasonForStatus(response.status),
      `${engine}: HTTP ${response.status} from ${new URL(url).pathname}: ${snippet(text)}`,
      {
        engine,
        status: response.status,
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
      },
    );
  }
  try {
    return {
      status: response.status,
      body: JSON.parse(text) as unknown,
      headers: response.headers,
    };
  } catch (err) {
    throw new EngineError('bad_response', `${engine}: response is not JSON: ${snippet(text)}`, {
      engine,
      status: response.status,
      cause: err,
    });
  }
}

function transportError(err: unknown, options: HttpCallOptions, timeout: AbortSignal): EngineError {
  const { engine, signal } = options;
  if (signal?.aborted) return abortedError(engine, signal);
  if (timeout.aborted) {
    return new EngineError('timeout', `${engine}: no answer within ${options.timeoutMs} ms`, {
      engine,
      cause: err,
    });
  }
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.message === 'unexpected redirect') {
    // A request sent with `redirect: 'error'` met a 3xx: the configured URL is not the engine's.
    return new EngineError(
      'misconfigured',
      `${engine}: the engine's URL answered with a redirect`,
      {
        engine,
        cause: err,
      },
    );
  }
  const why = cause?.code ?? cause?.message ?? (err as Error).message;
  return new EngineError('network', `${engine}: connection failed (${why})`, {
    engine,
    cause: err,
  });
}

/** The error thrown when the caller's signal aborted the work. */
export function abortedError(engine: string, signal: AbortSignal): EngineError {
  return new EngineError('aborted', `${engine}: aborted by the caller`, {
    engine,
    cause: signal.reason,
  });
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat || '(empty body)';
}
