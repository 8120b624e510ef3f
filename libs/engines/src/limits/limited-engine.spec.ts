// Tests may import the fakes of libs/testing (ARCHITECTURE.md); the tag rule has no spec exception yet.
import { FakeOpenRouterServer } from '@remote-ocr/testing';
import type { OcrRequest } from '@remote-ocr/ocr-core';
import { EngineError } from '../errors/engine-error.js';
import { OpenRouterEngine } from '../openrouter/openrouter.engine.js';
import { LimitedEngine } from './limited-engine.js';
import type { RetryOptions } from './retry.js';

const request = (signal?: AbortSignal): OcrRequest => ({
  kind: 'image',
  image: new Uint8Array([1]),
  mimeType: 'image/png',
  system: '',
  user: 'describe',
  blocks: [],
  signal,
});

describe('LimitedEngine retries (no limiter)', () => {
  let fake: FakeOpenRouterServer;
  const delays: number[] = [];
  const engine = (retry: RetryOptions = {}): LimitedEngine =>
    new LimitedEngine(new OpenRouterEngine({ baseUrl: fake.url, timeoutMs: 1000 }), {
      retry: { retries: 3, baseDelayMs: 20, onRetry: (_e, _n, ms) => delays.push(ms), ...retry },
    });

  beforeEach(async () => {
    delays.length = 0;
    fake = await FakeOpenRouterServer.start({ answer: () => 'done' });
  });
  afterEach(() => fake.close());

  it('retries 5xx, resets and malformed answers until one succeeds', async () => {
    fake.enqueue({ kind: 'status', status: 503 }, { kind: 'reset' }, { kind: 'malformed' });
    const result = await engine().recognize(request());
    expect(result.text).toBe('done');
    expect(fake.calls()).toHaveLength(4);
  });

  it('gives up after the retry budget with the last error', async () => {
    fake.defaultBehaviour = { kind: 'status', status: 500 };
    await expect(engine().recognize(request())).rejects.toMatchObject({ reason: 'server_error' });
    expect(fake.calls()).toHaveLength(4);
  });

  it('never retries a permanent error', async () => {
    fake.enqueue({ kind: 'status', status: 401 });
    await expect(engine().recognize(request())).rejects.toMatchObject({ reason: 'auth' });
    expect(fake.calls()).toHaveLength(1);
  });

  it('waits what Retry-After asks before the next attempt', async () => {
    fake.enqueue({ kind: 'status', status: 429, retryAfter: '1' });
    await engine().recognize(request());
    expect(delays).toEqual([1000]);
    const [first, second] = fake.calls();
    // a lower bound the implementation guarantees, not a speed expectation
    expect(second.arrivedAt - first.arrivedAt).toBeGreaterThanOrEqual(990);
  });

  it('gives up when Retry-After is longer than allowed', async () => {
    fake.enqueue({ kind: 'status', status: 429, retryAfter: '3600' });
    await expect(engine({ maxRetryAfterMs: 60_000 }).recognize(request())).rejects.toMatchObject({
      reason: 'rate_limited',
      retryAfterMs: 3_600_000,
    });
    expect(fake.calls()).toHaveLength(1);
  });

  it('stops backing off at once on abort and never retries an abort', async () => {
    fake.enqueue({ kind: 'status', status: 429, retryAfter: '30' });
    const ac = new AbortController();
    const pending = engine().recognize(request(ac.signal));
    setTimeout(() => ac.abort(), 100);
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).reason).toBe('aborted');
    expect(fake.calls()).toHaveLength(1);
  });
});
