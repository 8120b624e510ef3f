// Tests may import the fakes of libs/testing (ARCHITECTURE.md); the tag rule has no spec exception yet.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeOpenRouterServer, type Behaviour } from '@remote-ocr/testing';
import type { OcrRequest } from '@remote-ocr/ocr-core';
import { EngineError, type EngineErrorReason } from '../errors/engine-error.js';
import { OpenRouterEngine } from './openrouter.engine.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

function stripRequest(extra: Partial<OcrRequest> = {}): OcrRequest {
  return {
    kind: 'strip',
    image: PNG,
    mimeType: 'image/png',
    system: 'You are an OCR engine.',
    user: 'Read the blocks. BLOCK: AAAA-BBBB-CCC then BLOCK: DDDD-EEEE-FFF. Answer [1] … [2] …',
    blocks: [],
    ...extra,
  };
}

async function failure(promise: Promise<unknown>): Promise<EngineError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof EngineError) return err;
    throw err;
  }
  throw new Error('expected an EngineError');
}

describe('OpenRouterEngine against the fake server', () => {
  let fake: FakeOpenRouterServer;
  let engine: OpenRouterEngine;

  beforeEach(async () => {
    // Fixed usage: these tests check how the engine reads it, not how the fake measures it.
    fake = await FakeOpenRouterServer.start({
      usage: { prompt_tokens: 1000, completion_tokens: 50, cost: 0.0001 },
    });
    engine = new OpenRouterEngine({ apiKey: 'sk-test', baseUrl: fake.url, timeoutMs: 2000 });
  });
  afterEach(() => fake.close());

  it('sends the OpenAI-compatible request and returns text, model and usage', async () => {
    const result = await engine.recognize(stripRequest({ model: 'vendor/vision-1' }));

    expect(result).toEqual({
      text: 'BLOCK: AAAA-BBBB-CCC\ntext of AAAA-BBBB-CCC\n\nBLOCK: DDDD-EEEE-FFF\ntext of DDDD-EEEE-FFF',
      engine: 'openrouter',
      model: 'vendor/vision-1',
      usage: { inputTokens: 1000, outputTokens: 50, costUsd: 0.0001 },
    });
    const [call] = fake.calls();
    expect(call?.headers.authorization).toBe('Bearer sk-test');
    const body = JSON.parse(call.body.toString());
    expect(body).toMatchObject({ model: 'vendor/vision-1', max_tokens: 16384, temperature: 0.1 });
    expect(body.messages[0]).toEqual({ role: 'system', content: 'You are an OCR engine.' });
    expect(body.messages[1].content[1].image_url.url).toBe(
      `data:image/png;base64,${Buffer.from(PNG).toString('base64')}`,
    );
    expect(body.response_format).toBeUndefined();
  });

  it('puts the image bytes in their place even when the prompt quotes the placeholder', async () => {
    const user = 'Quote "remote-ocr:image" and a \\ backslash, then read BLOCK: AAAA-BBBB-CCC';
    const image = new Uint8Array(300_001).map((_, i) => (i * 7) % 256).subarray(1);
    await engine.recognize(stripRequest({ user, image, mimeType: 'image/webp' }));

    const body = JSON.parse(fake.calls()[0].body.toString());
    expect(body.messages[1].content[0]).toEqual({ type: 'text', text: user });
    expect(body.messages[1].content[1].image_url.url).toBe(
      `data:image/webp;base64,${Buffer.from(image).toString('base64')}`,
    );
  });

  it('uses its default model and JSON mode when configured', async () => {
    const json = new OpenRouterEngine({
      baseUrl: fake.url,
      defaultModel: 'm/default',
      jsonMode: true,
    });
    await json.recognize(stripRequest());
    const body = JSON.parse(fake.calls()[0].body.toString());
    expect(body.model).toBe('m/default');
    expect(body.response_format).toEqual({ type: 'json_object' });
  });

  const cases: Array<[string, Behaviour, EngineErrorReason, boolean, number | undefined]> = [
    ['401', { kind: 'status', status: 401 }, 'auth', false, 401],
    ['402', { kind: 'status', status: 402 }, 'payment_required', false, 402],
    ['403', { kind: 'status', status: 403 }, 'auth', false, 403],
    ['400', { kind: 'status', status: 400 }, 'invalid_request', false, 400],
    ['429', { kind: 'status', status: 429 }, 'rate_limited', true, 429],
    ['500', { kind: 'status', status: 500 }, 'server_error', true, 500],
    ['503', { kind: 'status', status: 503 }, 'server_error', true, 503],
    ['malformed JSON', { kind: 'malformed' }, 'bad_response', true, 200],
    ['connection reset', { kind: 'reset' }, 'network', true, undefined],
  ];
  it.each(cases)('classifies %s', async (_name, behaviour, reason, retryable, status) => {
    fake.next(behaviour);
    const err = await failure(engine.recognize(stripRequest()));
    expect({ reason: err.reason, retryable: err.retryable, status: err.status }).toEqual({
      reason,
      retryable,
      status,
    });
    const failedRequest = reason === 'invalid_request' || reason === 'bad_response';
    expect(err.code).toBe(failedRequest ? 'engine_failed' : 'engine_unavailable');
  });

  it('reports an answer cut at the output limit (finish_reason length) as truncated', async () => {
    const texts = { 'AAAA-BBBB-CCC': 'first block', 'DDDD-EEEE-FFF': 'second block' };
    const rates = { label: 0, dropLabel: 0, swap: 0, repeat: 0, truncate: 1 };
    fake.noise = { rates, seed: 7, textFor: (m) => texts[m as keyof typeof texts] };
    const cut = await engine.recognize(stripRequest());
    expect(cut.truncated).toBe(true);
    expect(cut.text.length).toBeLessThan('first block second block'.length + 60);
    fake.noise = { rates: { ...rates, truncate: 0 }, seed: 7, textFor: (m) => m };
    expect((await engine.recognize(stripRequest())).truncated).toBeUndefined();
  });

  it('reads Retry-After of a 429', async () => {
    fake.next({ kind: 'status', status: 429, retryAfter: '7' });
    const err = await failure(engine.recognize(stripRequest()));
    expect(err.retryAfterMs).toBe(7000);
  });

  it('treats an error inside a 200 body as a failure, never as text', async () => {
    fake.next({
      kind: 'status',
      status: 200,
      body: { error: { code: 502, message: 'upstream down' } },
    });
    const err = await failure(engine.recognize(stripRequest()));
    expect(err.reason).toBe('server_error');
  });

  it('does not follow a redirect: a misconfigured URL, not retried', async () => {
    const redirecting = createServer((req, res) => {
      res.writeHead(307, { location: `${fake.url}${req.url ?? ''}` }).end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    const { port } = redirecting.address() as AddressInfo;
    try {
      const moved = new OpenRouterEngine({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 2000 });
      const err = await failure(moved.recognize(stripRequest()));
      expect([err.reason, err.retryable]).toEqual(['misconfigured', false]);
      expect(err.message).toContain('redirect');
      expect(fake.calls()).toHaveLength(0);
    } finally {
      await new Promise((resolve) => redirecting.close(resolve));
    }
  });

  it('times out a hung connection', async () => {
    const quick = new OpenRouterEngine({ baseUrl: fake.url, timeoutMs: 150 });
    fake.next({ kind: 'hang' });
    const err = await failure(quick.recognize(stripRequest()));
    expect([err.reason, err.retryable]).toEqual(['timeout', true]);
  });

  it('cancels the HTTP request at once when the caller aborts', async () => {
    fake.next({ kind: 'hang' });
    const ac = new AbortController();
    const pending = failure(engine.recognize(stripRequest({ signal: ac.signal })));
    await waitFor(() => fake.calls().length === 1);
    ac.abort();
    const err = await pending;
    expect([err.reason, err.retryable]).toEqual(['aborted', false]);
    await waitFor(() => fake.calls()[0].finishedAt !== undefined);
    expect(fake.calls()[0].outcome).toBe('client-closed');
  });
});

async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error('condition not reached');
}
