// Tests may import the fakes of libs/testing (ARCHITECTURE.md); the tag rule has no spec exception yet.
import { FakeDatalabServer } from '@remote-ocr/testing';
import type { OcrRequest } from '@remote-ocr/ocr-core';
import { EngineError } from '../errors/engine-error.js';
import { DatalabEngine, type DatalabEngineOptions } from './datalab.engine.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 9, 9]);
const request = (signal?: AbortSignal): OcrRequest => ({
  kind: 'strip',
  image: PNG,
  mimeType: 'image/png',
  system: '',
  user: '',
  blocks: [],
  signal,
});

async function failure(promise: Promise<unknown>): Promise<EngineError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof EngineError) return err;
    throw err;
  }
  throw new Error('expected an EngineError');
}

describe('DatalabEngine against the fake server', () => {
  let fake: FakeDatalabServer;
  const engine = (o: Partial<DatalabEngineOptions> = {}): DatalabEngine =>
    new DatalabEngine({
      apiKey: 'dl-key',
      baseUrl: fake.url,
      pollIntervalMs: 5,
      maxPolls: 20,
      timeoutMs: 2000,
      ...o,
    });

  beforeEach(async () => {
    fake = await FakeDatalabServer.start({ processingPolls: 2 });
  });
  afterEach(() => fake.close());

  it('submits the PNG as multipart and polls until complete', async () => {
    fake.outcome = (s) => ({ status: 'complete', text: `# strip\n\n${s.file.length} bytes` });
    const result = await engine().recognize(request());

    expect(result).toEqual({
      text: '# strip\n\n6 bytes',
      engine: 'datalab',
      model: 'marker:balanced',
      // The fake reports `page_count: 1`, which Datalab bills (docs/costs.md).
      usage: { pagesBilled: 1 },
    });
    const [sub] = fake.submissions.values();
    expect(sub).toMatchObject({ apiKey: 'dl-key', fileName: 'strip.png', fileType: 'image/png' });
    expect(sub?.fields).toEqual({ output_format: 'markdown', mode: 'balanced' });
    expect(Buffer.from(sub.file)).toEqual(Buffer.from(PNG));
    expect(fake.pollCalls()).toHaveLength(3);
  });

  it('reads html when asked for html', async () => {
    fake.outcome = () => ({ status: 'complete', text: '<p>hi</p>' });
    const result = await engine({ outputFormat: 'html', mode: 'accurate' }).recognize(request());
    expect(result.text).toBe('<p>hi</p>');
  });

  it('reports a failed marker job as job_failed', async () => {
    fake.outcome = () => ({ status: 'failed', error: 'could not parse' });
    const err = await failure(engine().recognize(request()));
    expect([err.reason, err.retryable, err.message]).toEqual([
      'job_failed',
      false,
      expect.stringContaining('could not parse'),
    ]);
  });

  it('turns a poll timeout into an error, never an empty text', async () => {
    fake.processingPolls = 1000;
    const err = await failure(engine({ maxPolls: 3 }).recognize(request()));
    expect([err.reason, err.code]).toEqual(['poll_timeout', 'engine_failed']);
    expect(fake.pollCalls()).toHaveLength(3);
  });

  it('classifies submission errors with Retry-After', async () => {
    fake.enqueue({ kind: 'status', status: 429, retryAfter: '3' });
    const err = await failure(engine().recognize(request()));
    expect([err.reason, err.retryable, err.status, err.retryAfterMs]).toEqual([
      'rate_limited',
      true,
      429,
      3000,
    ]);
  });

  it.each([
    [401, 'auth'],
    [402, 'payment_required'],
    [422, 'invalid_request'],
    [500, 'server_error'],
  ])('classifies a %i on submission as %s', async (status, reason) => {
    fake.enqueue({ kind: 'status', status });
    const err = await failure(engine().recognize(request()));
    expect(err.reason).toBe(reason);
    expect(fake.pollCalls()).toHaveLength(0);
  });

  it('waits out a transient poll failure instead of re-submitting', async () => {
    fake.enqueue({ kind: 'answer' }, { kind: 'status', status: 503 }, { kind: 'reset' });
    const result = await engine().recognize(request());
    expect(result.text).toContain('markdown of strip.png');
    expect(fake.submitCalls()).toHaveLength(1);
  });

  it('stops polling at once when aborted', async () => {
    fake.processingPolls = 1000;
    const ac = new AbortController();
    const pending = failure(
      engine({ pollIntervalMs: 20, maxPolls: 1000 }).recognize(request(ac.signal)),
    );
    setTimeout(() => ac.abort(), 100);
    const err = await pending;
    expect(err.reason).toBe('aborted');
    // a poll already on the wire when the abort came may still land: count after it settled
    await new Promise((r) => setTimeout(r, 50));
    const polls = fake.pollCalls().length;
    await new Promise((r) => setTimeout(r, 150));
    expect(fake.pollCalls()).toHaveLength(polls);
  });
});
