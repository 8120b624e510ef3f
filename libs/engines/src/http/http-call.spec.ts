import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callJson } from './http-call.js';

interface Seen {
  length: string | undefined;
  chunked: boolean;
  bytes: Buffer;
}

describe('callJson request bodies', () => {
  let server: Server;
  let url: string;
  const seen: Seen[] = [];

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({
          length: req.headers['content-length'],
          chunked: req.headers['transfer-encoding'] === 'chunked',
          bytes: Buffer.concat(chunks),
        });
        res.setHeader('content-type', 'application/json');
        res.end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each([
    ['small', 1000],
    ['large (streamed)', 3 << 20],
  ])('sends a %s byte body whole, with its Content-Length and not chunked', async (_, size) => {
    const body = Buffer.alloc(size);
    for (let i = 0; i < size; i++) body[i] = (i * 31) & 0xff;
    const answer = await callJson(
      url,
      { method: 'POST', body, headers: { 'content-type': 'application/json' } },
      { engine: 'test', timeoutMs: 10_000 },
    );
    expect(answer.body).toEqual({ ok: true });
    const last = seen[seen.length - 1];
    expect(last.length).toBe(String(size));
    expect(last.chunked).toBe(false);
    expect(last.bytes.equals(body)).toBe(true);
  });
});
