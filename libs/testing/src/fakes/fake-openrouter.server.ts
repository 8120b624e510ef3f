import type { ServerResponse } from 'node:http';
import { noisyChatAnswer, type EngineNoise } from '../noise/noisy-chat-answer.js';
import { answerWithMarkers, markersInPrompt } from './answer-with-markers.js';
import {
  FAKE_MODEL_PRICES,
  fakeModelList,
  fakeUsage,
  type FakeModelPrice,
  type FakeUsage,
} from './fake-usage.js';
import {
  RecordingServer,
  sendJson,
  type Behaviour,
  type RecordedRequest,
} from './recording-server.js';

/** The parts of a chat/completions request a fake answer needs. */
export interface ChatCall {
  model: string;
  system: string;
  user: string;
  /** `data:` URLs of the images in the user message. */
  imageUrls: string[];
  body: Record<string, unknown>;
  request: RecordedRequest;
}

/**
 * A strip prompt is answered block by block (`answerWithMarkers`); a prompt without markers (an
 * IMAGE block's analysis prompt) gets a small JSON analysis, as vision models answer those.
 */
export function defaultAnswer(call: ChatCall): string {
  if (markersInPrompt(call.user).length > 0) return answerWithMarkers(call.user);
  return '```json\n{"summary": "a drawing", "elements": ["line", "label"]}\n```';
}

/** Makes the text of an answer; the default is `answerWithMarkers` on the user prompt. */
export type ChatAnswer = (call: ChatCall) => string;

export interface FakeOpenRouterOptions {
  latencyMs?: number;
  answer?: ChatAnswer;
  /**
   * Fixed usage reported with each answer. Default: measured like a vision model would
   * (`fakeUsage`: image patches and prompt bytes, answer bytes, priced by `prices`).
   */
  usage?: FakeUsage;
  /** Prices per model (`GET /api/v1/models` and the reported cost); default `FAKE_MODEL_PRICES`. */
  prices?: Record<string, FakeModelPrice>;
  /** Noisy mode: strip answers corrupted at set rates, seeded (`noisyChatAnswer`). */
  noise?: EngineNoise;
}

/**
 * Fake OpenAI-compatible server (`POST /api/v1/chat/completions`) on loopback, recording every
 * request. `url` is the base URL to give the engine (`http://127.0.0.1:<port>/api/v1`).
 */
export class FakeOpenRouterServer extends RecordingServer {
  answer: ChatAnswer;
  usage: FakeUsage | undefined;
  prices: Record<string, FakeModelPrice>;
  /** Noisy mode (set or clear between jobs); a cut answer is sent with `finish_reason: length`. */
  noise: EngineNoise | undefined;

  private constructor(options: FakeOpenRouterOptions) {
    super();
    this.answer = options.answer ?? defaultAnswer;
    this.noise = options.noise;
    this.usage = options.usage;
    this.prices = options.prices ?? FAKE_MODEL_PRICES;
    this.defaultBehaviour = { kind: 'answer', latencyMs: options.latencyMs ?? 0 };
  }

  static async start(options: FakeOpenRouterOptions = {}): Promise<FakeOpenRouterServer> {
    return new FakeOpenRouterServer(options).listen();
  }

  get url(): string {
    return `${this.origin}/api/v1`;
  }

  /** Chat calls received so far (requests to other paths excluded). */
  calls(): RecordedRequest[] {
    return this.recorded('/api/v1/chat/completions');
  }

  /** Shorthand: the next request answers with `behaviour`, e.g. `{kind:'status', status: 429}`. */
  next(behaviour: Behaviour): this {
    return this.enqueue(behaviour);
  }

  protected async handle(rec: RecordedRequest, res: ServerResponse): Promise<void> {
    if (rec.method === 'GET' && rec.path === '/api/v1/models') {
      sendJson(res, 200, fakeModelList(this.prices));
      return;
    }
    if (rec.method !== 'POST' || rec.path !== '/api/v1/chat/completions') {
      sendJson(res, 404, { error: { message: 'not found' } });
      return;
    }
    if (await this.applyFailure(this.nextBehaviour(), rec, res)) return;
    const body = JSON.parse(rec.body.toString('utf8')) as Record<string, unknown>;
    const call = toChatCall(body, rec);
    const noisy = this.noise ? noisyChatAnswer(call, this.noise, rec.seq) : null;
    const content = noisy?.text ?? this.answer(call);
    const finish = noisy?.truncated ? 'length' : 'stop';
    const usage = this.usage ?? fakeUsage(call, content, this.prices);
    sendJson(res, 200, {
      id: `gen-${rec.seq}`,
      object: 'chat.completion',
      model: call.model,
      choices: [{ index: 0, finish_reason: finish, message: { role: 'assistant', content } }],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    });
  }
}

/** A recorded chat/completions request read back as a chat call (prompts, model, images). */
export function chatCallOf(request: RecordedRequest): ChatCall {
  return toChatCall(JSON.parse(request.body.toString('utf8')) as Record<string, unknown>, request);
}

/** Block markers a recorded chat call asked about, read from its user prompt. */
export function markersOfCall(request: RecordedRequest): string[] {
  return markersInPrompt(chatCallOf(request).user);
}

interface Message {
  role: string;
  content: string | Array<{ type: string; text?: string; image_url?: { url: string } }>;
}

function toChatCall(body: Record<string, unknown>, request: RecordedRequest): ChatCall {
  const messages = (body.messages ?? []) as Message[];
  const textOf = (m?: Message): string =>
    typeof m?.content === 'string'
      ? m.content
      : (m?.content ?? []).map((p) => p.text ?? '').join('\n');
  const user = messages.find((m) => m.role === 'user');
  const parts = user && typeof user.content !== 'string' ? user.content : [];
  return {
    model: typeof body.model === 'string' ? body.model : '',
    system: textOf(messages.find((m) => m.role === 'system')),
    user: textOf(user),
    imageUrls: parts.flatMap((p) => (p.image_url ? [p.image_url.url] : [])),
    body,
    request,
  };
}
