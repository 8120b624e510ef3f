import type { OcrEngine, OcrRequest, OcrResult } from '../../ports/ocr-engine.port.js';

/** Sentinels a script may return instead of an answer. */
export const HANG = Symbol('hang until aborted');
export const HANG_DEAF = Symbol('hang, ignoring the signal');

type Script = (
  request: OcrRequest,
  call: number,
) => string | Error | typeof HANG | typeof HANG_DEAF;

/**
 * An engine that answers from a script. By default it echoes each strip block's text layer as
 * `[N] text` and answers IMAGE calls with a JSON object; `HANG` waits until the request's
 * signal aborts, `HANG_DEAF` never settles (an adapter ignoring its signal).
 */
export class ScriptedEngine implements OcrEngine {
  readonly requests: OcrRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;

  constructor(
    readonly name = 'scripted',
    private readonly script: Script = echo,
    readonly maxStripHeight?: number,
  ) {}

  async recognize(request: OcrRequest): Promise<OcrResult> {
    this.requests.push(request);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const answer = this.script(request, this.requests.length);
      await new Promise((resolve) => setImmediate(resolve));
      if (answer === HANG) return await untilAborted(request.signal);
      if (answer === HANG_DEAF) return await new Promise<never>(() => undefined);
      if (answer instanceof Error) throw answer;
      return {
        text: answer,
        engine: this.name,
        model: request.model,
        usage: { inputTokens: 100, outputTokens: 10 },
      };
    } finally {
      this.inFlight -= 1;
    }
  }

  /** Block ids sent, call by call. */
  blockIds(): string[][] {
    return this.requests.map((r) => r.blocks.map((b) => b.id));
  }
}

export const echo: Script = (request) =>
  request.kind === 'image'
    ? `{"description": "image ${request.blocks[0]?.id}"}`
    : request.blocks.map((b) => `[${b.index}] ${b.textLayer}`).join('\n');

function untilAborted(signal?: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const abort = (): void => reject(new Error('aborted by signal'));
    if (signal?.aborted) abort();
    signal?.addEventListener('abort', abort, { once: true });
  });
}
