import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  OcrApiError,
  OcrConflictError,
  OcrIdempotencyError,
  OcrNotFoundError,
  OcrServerError,
  OcrValidationError,
  errorOf,
} from './errors.js';
import { OcrClient } from './ocr-client.js';

describe('errorOf', () => {
  it.each([
    [400, OcrValidationError],
    [404, OcrNotFoundError],
    [409, OcrConflictError],
    [422, OcrIdempotencyError],
    [503, OcrServerError],
    [418, OcrApiError],
  ])('maps %i to its class, keeping detail and code', (status, Type) => {
    const error = errorOf(status, { detail: 'why', code: 'conflict' });
    expect(error).toBeInstanceOf(Type);
    expect(error).toMatchObject({ status, detail: 'why', code: 'conflict' });
  });

  it('reads a body without detail as the status', () => {
    expect(errorOf(502, null)).toMatchObject({ detail: 'HTTP 502', code: undefined });
  });
});

/** A loopback server answering 503 `failures` times per route, then 200; counts every request. */
function flakyServer(failures: number): Promise<{ server: Server; url: string; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const tries = seen.filter((s) => s === `${req.method} ${req.url}`).length;
    res.setHeader('content-type', 'application/json');
    if (tries <= failures) {
      res.statusCode = 503;
      res.end(JSON.stringify({ detail: 'busy', code: 'database_unavailable' }));
    } else res.end(JSON.stringify({ ok: true, job_id: 'j', status: 'paused' }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}`, seen });
    }),
  );
}

describe('retries', () => {
  it('retries a GET through 503s, but never a plain control POST', async () => {
    const { server, url, seen } = await flakyServer(2);
    try {
      const client = new OcrClient({ baseUrl: url, retryDelayMs: 1 });
      await expect(client.health()).resolves.toEqual({ ok: true, job_id: 'j', status: 'paused' });
      await expect(client.pause('j')).rejects.toMatchObject({ status: 503, detail: 'busy' });
      expect(seen).toEqual(['GET /health', 'GET /health', 'GET /health', 'POST /jobs/j/pause']);
    } finally {
      server.close();
    }
  });

  it('gives up after the configured tries with the last typed error', async () => {
    const { server, url, seen } = await flakyServer(10);
    try {
      const client = new OcrClient({ baseUrl: url, retries: 3, retryDelayMs: 1 });
      await expect(client.getJob('x')).rejects.toBeInstanceOf(OcrServerError);
      expect(seen).toHaveLength(3);
    } finally {
      server.close();
    }
  });
});
