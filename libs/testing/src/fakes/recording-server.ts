import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** How one request ended, as the fake saw it. */
export type RequestOutcome = 'answered' | 'client-closed' | 'reset' | 'pending';

/** One request as the fake received it. Times are ms since the Unix epoch, sub-ms precision. */
export interface RecordedRequest {
  seq: number;
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  arrivedAt: number;
  /** When the response ended or the connection closed; undefined while still open. */
  finishedAt?: number;
  status?: number;
  outcome: RequestOutcome;
}

/**
 * What the fake does with one request. `answer` = the protocol's normal success; the others are the
 * failure modes tests script: an HTTP error (optionally with Retry-After), a hung connection that
 * never answers, a 200 with a body that is not JSON, a connection reset.
 */
export type Behaviour =
  | { kind: 'answer'; latencyMs?: number }
  | { kind: 'status'; status: number; retryAfter?: string; body?: unknown; latencyMs?: number }
  | { kind: 'hang' }
  | { kind: 'malformed'; latencyMs?: number }
  | { kind: 'reset'; latencyMs?: number };

/** Wall-clock now with sub-millisecond precision. */
export const preciseNow = (): number => performance.timeOrigin + performance.now();

/**
 * A real node:http server on 127.0.0.1 (port 0) that records every request with arrival and finish
 * times; subclasses speak one protocol. Scripted behaviours are consumed one per request (FIFO),
 * then `defaultBehaviour` applies.
 */
export abstract class RecordingServer {
  readonly requests: RecordedRequest[] = [];
  defaultBehaviour: Behaviour = { kind: 'answer' };
  private readonly script: Behaviour[] = [];
  private server?: Server;
  private baseUrl = '';

  /** Origin `http://127.0.0.1:<port>`. */
  get origin(): string {
    return this.baseUrl;
  }

  /** Scripts the next requests, one behaviour each, in order. */
  enqueue(...behaviours: Behaviour[]): this {
    this.script.push(...behaviours);
    return this;
  }

  async listen(): Promise<this> {
    const server = createServer((req, res) => void this.onRequest(req, res));
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Requests whose path starts with `prefix` (all when omitted). */
  recorded(prefix = ''): RecordedRequest[] {
    return this.requests.filter((r) => r.path.startsWith(prefix));
  }

  protected nextBehaviour(): Behaviour {
    return this.script.shift() ?? this.defaultBehaviour;
  }

  /** Handles a request whose body has been read; must end `res` (or leave it hanging on purpose). */
  protected abstract handle(rec: RecordedRequest, res: ServerResponse): Promise<void>;

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rec: RecordedRequest = {
      seq: this.requests.length,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: req.headers,
      body: Buffer.alloc(0),
      arrivedAt: preciseNow(),
      outcome: 'pending',
    };
    this.requests.push(rec);
    res.on('finish', () => this.finish(rec, 'answered'));
    res.on('close', () => this.finish(rec, res.writableFinished ? 'answered' : 'client-closed'));
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      rec.body = Buffer.concat(chunks);
      await this.handle(rec, res);
    } catch (err) {
      // an aborted upload lands here too; the close handler has recorded it
      if (!res.headersSent && !res.destroyed)
        sendJson(res, 500, { error: { message: String(err) } });
    }
  }

  private finish(rec: RecordedRequest, outcome: RequestOutcome): void {
    if (rec.finishedAt !== undefined) return;
    rec.finishedAt = preciseNow();
    if (rec.outcome === 'pending') rec.outcome = outcome;
  }

  /**
   * Applies a non-answer behaviour; returns false when the behaviour is `answer` (the subclass
   * answers after the returned latency). Waits stop early when the client goes away.
   */
  protected async applyFailure(
    b: Behaviour,
    rec: RecordedRequest,
    res: ServerResponse,
  ): Promise<boolean> {
    if (b.kind === 'hang') return true;
    await waitOrClose(res, 'latencyMs' in b ? (b.latencyMs ?? 0) : 0);
    if (res.destroyed) return true;
    switch (b.kind) {
      case 'answer':
        return false;
      case 'status': {
        const headers: Record<string, string> = b.retryAfter ? { 'retry-after': b.retryAfter } : {};
        sendJson(res, b.status, b.body ?? { error: { message: `scripted ${b.status}` } }, headers);
        return true;
      }
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"choices": [ {"mess');
        return true;
      case 'reset':
        rec.outcome = 'reset';
        res.socket?.destroy();
        return true;
    }
  }
}

/** Writes a JSON response. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Sleeps `ms`, returning early when the client closes the connection. */
export async function waitOrClose(res: ServerResponse, ms: number): Promise<void> {
  if (ms <= 0) return;
  const ac = new AbortController();
  const onClose = (): void => ac.abort();
  res.once('close', onClose);
  try {
    await sleep(ms, undefined, { signal: ac.signal });
  } catch {
    // the client went away: nothing left to wait for
  } finally {
    res.off('close', onClose);
  }
}
