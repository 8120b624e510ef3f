import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OcrRequest } from '@remote-ocr/ocr-core';
import { EngineError } from '../errors/engine-error.js';
import { DatalabEngine } from './datalab.engine.js';

const request: OcrRequest = {
  kind: 'strip',
  image: new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
  mimeType: 'image/png',
  system: '',
  user: '',
  blocks: [],
};

/** A loopback HTTP server answering every request with `answer`, recording the headers it got. */
async function server(
  answer: () => unknown,
): Promise<{ url: string; seen: IncomingHttpHeaders[]; s: Server }> {
  const seen: IncomingHttpHeaders[] = [];
  const s = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    req.on('end', () =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer())),
    );
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, seen, s };
}

/**
 * Issue 14 (extras): Datalab polling sends the API key, so it follows `request_check_url` only on
 * the configured origin. Plain HTTP servers here, because the fake Datalab always answers with a
 * URL on itself.
 */
describe('DatalabEngine polls only its configured origin', () => {
  it('refuses a request_check_url on another host and never sends it the key', async () => {
    const thief = await server(() => ({ status: 'complete', markdown: 'stolen' }));
    const datalab = await server(() => ({
      success: true,
      request_check_url: `${thief.url}/api/v1/marker/x`,
    }));
    try {
      const engine = new DatalabEngine({
        apiKey: 'dl-origin-key',
        baseUrl: datalab.url,
        pollIntervalMs: 5,
        timeoutMs: 2000,
      });
      const error = await engine.recognize(request).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(EngineError);
      expect(error).toMatchObject({ reason: 'misconfigured', retryable: false });
      expect((error as Error).message).toMatch(/not on the configured Datalab origin/);
      expect(thief.seen).toEqual([]);
      expect(datalab.seen.map((h) => h['x-api-key'])).toEqual(['dl-origin-key']);
    } finally {
      thief.s.close();
      datalab.s.close();
    }
  });
});
