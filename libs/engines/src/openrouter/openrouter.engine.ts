import type { OcrEngine, OcrRequest, OcrResult, OcrUsage } from '@remote-ocr/ocr-core';
import { EngineError } from '../errors/engine-error.js';
import { callJson } from '../http/http-call.js';

/** Settings of an OpenAI-compatible engine (OpenRouter, vLLM, LM Studio, Ollama). */
export interface OpenRouterEngineOptions {
  /** Bearer key; omit for local servers that need none. */
  apiKey?: string;
  /** Base URL without `/chat/completions`. Default `https://openrouter.ai/api/v1`. */
  baseUrl?: string;
  /** Model when the request names none. Default `qwen/qwen3-vl-30b-a3b-instruct`. */
  defaultModel?: string;
  /** Default 16384. */
  maxTokens?: number;
  /** Default 0.1. */
  temperature?: number;
  /** Ask for `response_format: {type: 'json_object'}`. Default false. */
  jsonMode?: boolean;
  /** Per-call timeout in ms (the whole HTTP exchange). Default 180 000. */
  timeoutMs?: number;
  /** Engine name in results, errors and limiter keys. Default `openrouter`. */
  name?: string;
  /** Largest strip height this engine reads legibly, px. Default 9000. */
  maxStripHeight?: number;
  /** Extra headers, e.g. OpenRouter's `HTTP-Referer` / `X-Title`. */
  headers?: Record<string, string>;
}

export const OPENROUTER_DEFAULTS = {
  baseUrl: 'https://openrouter.ai/api/v1',
  defaultModel: 'qwen/qwen3-vl-30b-a3b-instruct',
  maxTokens: 16384,
  temperature: 0.1,
  timeoutMs: 180_000,
  maxStripHeight: 9000,
} as const;

interface ChatCompletion {
  model?: string;
  choices?: Array<{ message?: { content?: unknown }; finish_reason?: string | null }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number; cost?: number };
  error?: { code?: number | string; message?: string };
}

/** One `POST {base}/chat/completions` per request: system + user text + the PNG as a data URL. */
export class OpenRouterEngine implements OcrEngine {
  readonly name: string;
  readonly maxStripHeight: number;
  private readonly url: string;

  constructor(private readonly options: OpenRouterEngineOptions = {}) {
    this.name = options.name ?? 'openrouter';
    this.maxStripHeight = options.maxStripHeight ?? OPENROUTER_DEFAULTS.maxStripHeight;
    this.url = `${(options.baseUrl ?? OPENROUTER_DEFAULTS.baseUrl).replace(/\/+$/, '')}/chat/completions`;
  }

  async recognize(request: OcrRequest): Promise<OcrResult> {
    const model = request.model || this.options.defaultModel || OPENROUTER_DEFAULTS.defaultModel;
    const { body } = await callJson(
      this.url,
      {
        method: 'POST',
        headers: this.headers(),
        body: jsonWithImage(this.payload(request, model), request),
        // Not followed: a followed POST would need the body kept for a second send, and fetch
        // then copies every strip through a stream tee; an engine URL that redirects is a
        // configuration error (http-call.ts).
        redirect: 'error',
      },
      {
        engine: this.name,
        timeoutMs: this.options.timeoutMs ?? OPENROUTER_DEFAULTS.timeoutMs,
        signal: request.signal,
      },
    );
    const completion = body as ChatCompletion;
    // OpenRouter may report an upstream failure inside a 200 body.
    if (completion.error) throw this.embeddedError(completion.error);
    const text = contentText(completion.choices?.[0]?.message?.content);
    if (text === undefined) {
      throw new EngineError('bad_response', `${this.name}: answer has no message content`, {
        engine: this.name,
      });
    }
    return {
      text,
      engine: this.name,
      model: completion.model ?? model,
      usage: usageOf(completion),
      // The model hit `max_tokens`: the answer is cut (docs/confidence.md, flag `truncated`).
      ...(completion.choices?.[0]?.finish_reason === 'length' ? { truncated: true } : {}),
    };
  }

  private headers(): Record<string, string> {
    const auth: Record<string, string> = this.options.apiKey
      ? { authorization: `Bearer ${this.options.apiKey}` }
      : {};
    return { 'content-type': 'application/json', ...auth, ...this.options.headers };
  }

  private payload(request: OcrRequest, model: string): Record<string, unknown> {
    return {
      model,
      max_tokens: this.options.maxTokens ?? OPENROUTER_DEFAULTS.maxTokens,
      temperature: this.options.temperature ?? OPENROUTER_DEFAULTS.temperature,
      ...(this.options.jsonMode ? { response_format: { type: 'json_object' } } : {}),
      messages: [
        ...(request.system ? [{ role: 'system', content: request.system }] : []),
        {
          role: 'user',
          content: [
            { type: 'text', text: request.user },
            { type: 'image_url', image_url: { url: IMAGE_SLOT } },
          ],
        },
      ],
    };
  }

  private embeddedError(error: NonNullable<ChatCompletion['error']>): EngineError {
    const status = typeof error.code === 'number' ? error.code : undefined;
    const message = `${this.name}: error in answer: ${error.message ?? 'unknown'}`;
    if (status === 429)
      return new EngineError('rate_limited', message, { engine: this.name, status });
    if (status !== undefined && status < 500 && status >= 400) {
      return new EngineError('invalid_request', message, { engine: this.name, status });
    }
    return new EngineError('server_error', message, { engine: this.name, status });
  }
}

/** Stands for the image's data URL in the payload until `jsonWithImage` puts the bytes in. */
const IMAGE_SLOT = 'remote-ocr:image';

/**
 * The payload as JSON bytes, with the image's data URL in `IMAGE_SLOT`'s place. A strip is
 * megabytes of base64: JSON.stringify would scan it for characters to escape (base64 has none)
 * and fetch would convert the string to UTF-8 again — on the 2,000-block book job that cost the
 * worker's main thread seconds (docs/rendering.md, "Where the time goes"). The slot is the
 * payload's last string (the image part comes after the prompt), so the last match is it even if
 * the prompt quoted the same words.
 */
function jsonWithImage(payload: Record<string, unknown>, request: OcrRequest): Buffer {
  const json = JSON.stringify(payload);
  const slot = json.lastIndexOf(JSON.stringify(IMAGE_SLOT));
  const { image } = request;
  const head =
    json.slice(0, slot) + JSON.stringify(`data:${request.mimeType};base64,`).slice(0, -1);
  const tail = `"${json.slice(slot + IMAGE_SLOT.length + 2)}`;
  const base64 = Buffer.from(image.buffer, image.byteOffset, image.byteLength).toString('base64');
  // Written straight into one buffer: the base64 (ASCII) once, with no interim copies.
  const body = Buffer.allocUnsafeSlow(
    Buffer.byteLength(head) + base64.length + Buffer.byteLength(tail),
  );
  let at = body.write(head);
  at += body.write(base64, at, 'latin1');
  body.write(tail, at);
  return body;
}

/** Message content as text: a string, or the text parts of a content array. */
function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  return content
    .map((p: { text?: unknown }) => (typeof p?.text === 'string' ? p.text : ''))
    .join('');
}

function usageOf(c: ChatCompletion): OcrUsage | undefined {
  if (!c.usage) return undefined;
  return {
    inputTokens: c.usage.prompt_tokens,
    outputTokens: c.usage.completion_tokens,
    ...(typeof c.usage.cost === 'number' ? { costUsd: c.usage.cost } : {}),
  };
}
