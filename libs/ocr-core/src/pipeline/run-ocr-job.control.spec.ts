import { DomainError } from '@remote-ocr/contracts';
import type { OcrEngine, OcrRequest, OcrResult } from '../ports/ocr-engine.port.js';
import { pipelineHarness, until, untilSteady } from './__fixtures__/harness.js';
import { makeBlock } from './__fixtures__/memory-ports.js';
import { HANG, HANG_DEAF, ScriptedEngine } from './__fixtures__/scripted-engine.js';
import { canvasCodec } from '../strips/__fixtures__/canvas-codec.js';
import type { StripImageCodec } from '../ports/strip-image.port.js';

const settings = { stripMaxHeight: 600, concurrency: 2, readAhead: 1 };
const manyBlocks = (n: number) => Array.from({ length: n }, (_, i) => makeBlock(`b${i}`));

/** Holds every call until the test releases it, so the test sees how far cropping runs ahead. */
class GateEngine implements OcrEngine {
  readonly name = 'gate';
  readonly waiting: Array<() => void> = [];

  async recognize(request: OcrRequest): Promise<OcrResult> {
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    return {
      text: request.blocks.map((b) => `[${b.index}] ${b.textLayer}`).join('\n'),
      engine: this.name,
    };
  }

  releaseAll(): void {
    this.waiting.splice(0).forEach((release) => release());
  }
}

/** canvasCodec whose strips finish encoding only when the test releases them. */
class GatedCodec implements StripImageCodec {
  readonly mimeType = canvasCodec.mimeType;
  readonly held: Array<() => void> = [];
  started = 0;
  readonly cropRows = canvasCodec.cropRows.bind(canvasCodec);

  encoder(width: number, height: number) {
    const inner = canvasCodec.encoder(width, height);
    this.started += 1;
    return {
      addRows: inner.addRows.bind(inner),
      finish: async () => {
        await new Promise<void>((resolve) => this.held.push(resolve));
        return inner.finish();
      },
    };
  }

  releaseAll(): void {
    this.held.splice(0).forEach((release) => release());
  }
}

/** Releases held calls until the run settles. */
async function releaseUntilDone<T>(engine: GateEngine, running: Promise<T>): Promise<T> {
  let settled = false;
  void running.finally(() => (settled = true)).catch(() => undefined);
  while (!settled) {
    engine.releaseAll();
    await new Promise((r) => setTimeout(r, 5));
  }
  return running;
}

describe('runPipeline control', () => {
  let cleanups: Array<() => Promise<void>> = [];
  const harness = async (...args: Parameters<typeof pipelineHarness>) => {
    const h = await pipelineHarness(...args);
    cleanups.push(h.cleanup);
    return h;
  };
  afterEach(async () => {
    await Promise.all(cleanups.map((c) => c()));
    cleanups = [];
  });

  it.each([
    ['an engine that honours its signal', HANG],
    ['an engine that ignores its signal', HANG_DEAF],
  ] as const)('stops mid-call with job_cancelled, for %s', async (_name, hang) => {
    const h = await harness(manyBlocks(9), { settings });
    const engine = new ScriptedEngine('scripted', () => hang);
    const controller = new AbortController();
    const running = h.run(engine, controller.signal);
    await until(() => engine.requests.length === 2);
    controller.abort('paused');

    const error = await running.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'job_cancelled', message: 'Job cancelled: paused' });
    expect([...h.checkpoints.rows.values()]).toEqual([]);
    expect(h.sink.objects.size).toBe(0);
    expect(engine.requests.length).toBe(2);
    expect(h.renderer.closed).toBe(1);
  });

  it('refuses to start when already aborted', async () => {
    const h = await harness(manyBlocks(3), { settings });
    const engine = new ScriptedEngine();
    await expect(h.run(engine, AbortSignal.abort('deleted'))).rejects.toMatchObject({
      code: 'job_cancelled',
    });
    expect(engine.requests).toEqual([]);
  });

  it('keeps cropping only a bounded distance ahead of the engine', async () => {
    const h = await harness(manyBlocks(60), { settings });
    const engine = new GateEngine();
    const running = h.run(engine);
    await until(() => engine.waiting.length === 2);
    // 2 strips in flight + 1 waiting + 1 closed strip waiting for room (3 blocks each), + the crop
    // that closed it; without back-pressure all 60 would be cropped. Reaching 13 first, then
    // watching it stay there, keeps a slow (loaded) machine from reading the count too early.
    await until(() => h.renderer.cropsMade >= 13, 4000);
    expect(await untilSteady(() => h.renderer.cropsMade)).toBe(13);
    expect(await releaseUntilDone(engine, running)).toMatchObject({ done: 60, engineCalls: 20 });
  });

  it('encodes at most two strips at once, even with room in the engine queue', async () => {
    // 8 calls + 2 waiting may be outstanding; strips still being encoded hold their crops and
    // rows, so only two are started (strip-stage.ts, EncodingWindow).
    const h = await harness(manyBlocks(30), { settings: { ...settings, concurrency: 8 } });
    const codec = new GatedCodec();
    h.renderer.stripImages = codec;
    const running = h.run(new ScriptedEngine());
    await until(() => codec.held.length === 2);
    expect(await untilSteady(() => codec.started)).toBe(2);
    let settled = false;
    void running.finally(() => (settled = true)).catch(() => undefined);
    while (!settled) {
      codec.releaseAll();
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await running).toMatchObject({ done: 30, engineCalls: 10 });
  });

  it('caps engine calls in flight at the concurrency setting', async () => {
    const h = await harness(manyBlocks(30), { settings: { ...settings, concurrency: 3 } });
    const engine = new GateEngine();
    const running = h.run(engine);
    await until(() => engine.waiting.length === 3);
    expect(await untilSteady(() => h.renderer.cropsMade)).toBeLessThan(30);
    expect(engine.waiting.length).toBe(3);
    expect(await releaseUntilDone(engine, running)).toMatchObject({ done: 30 });
  });
});

describe('runPipeline with blocks taller than a strip', () => {
  /** 1200 px block → 1210 px crop → windows of 512 px overlapping 100: three parts. */
  const tall = () => [makeBlock('a'), makeBlock('big', { height: 1200 }), makeBlock('c')];
  const perCall = (req: OcrRequest, call: number) =>
    req.blocks
      .map((b) => `[${b.index}] ${b.id === 'big' ? `line ${call}` : b.textLayer}`)
      .join('\n');

  it('sends each window alone, checkpoints each, and joins them', async () => {
    const h = await pipelineHarness(tall(), { settings });
    const engine = new ScriptedEngine('scripted', perCall);
    const summary = await h.run(engine);
    await h.cleanup();
    expect(engine.blockIds()).toEqual([['a'], ['big'], ['big'], ['big'], ['c']]);
    expect([1, 2, 3].map((part) => h.checkpoints.get('big', part)?.text)).toEqual([
      'line 2',
      'line 3',
      'line 4',
    ]);
    expect(h.checkpoints.get('big', 0)).toMatchObject({
      status: 'done',
      text: 'line 2\nline 3\nline 4',
    });
    expect(summary).toMatchObject({ blocksTotal: 3, done: 3, engineCalls: 5 });
  });

  it('redoes only the missing windows on resume', async () => {
    const windowDone = (part: number) => ({
      blockId: 'big',
      part,
      status: 'done' as const,
      text: `kept ${part}`,
    });
    const failedWindow = {
      blockId: 'big',
      part: 2,
      status: 'failed' as const,
      text: '',
      error: 'timeout',
    };
    const h = await pipelineHarness(tall(), {
      settings,
      checkpoints: [windowDone(1), failedWindow, windowDone(3)],
    });
    const engine = new ScriptedEngine('scripted', perCall);
    await h.run(engine);
    await h.cleanup();
    expect(engine.blockIds()).toEqual([['a', 'big'].slice(0, 1), ['big'], ['c']]);
    expect(h.checkpoints.get('big', 0)?.text).toBe('kept 1\nline 2\nkept 3');
  });

  it('fails the block when a window fails, naming the window', async () => {
    const h = await pipelineHarness(tall(), { settings });
    const engine = new ScriptedEngine('scripted', (req, call) =>
      call === 3 ? new Error('HTTP 429') : perCall(req, call),
    );
    const summary = await h.run(engine);
    await h.cleanup();
    expect(h.checkpoints.get('big', 0)).toMatchObject({ status: 'failed', text: '' });
    expect(h.checkpoints.get('big', 0)?.error).toMatch(/^part 2 of 3 failed: .*HTTP 429/);
    expect(summary).toMatchObject({ failed: 1, errorMessage: '1 of 3 blocks failed' });
  });
});
