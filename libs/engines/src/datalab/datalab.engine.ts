import type { OcrEngine, OcrRequest, OcrResult } from '@remote-ocr/ocr-core';
import { EngineError } from '../errors/engine-error.js';
import { abortableSleep } from '../http/abortable-sleep.js';
import { callJson } from '../http/http-call.js';

/** Settings of the Datalab marker engine. */
export interface DatalabEngineOptions {
  apiKey: string;
  /** Default `https://www.datalab.to`. */
  baseUrl?: string;
  /** `markdown` (default) or `html`. */
  outputFormat?: 'markdown' | 'html';
  /** Marker mode: `fast`, `balanced` (default) or `accurate`. */
  mode?: string;
  /** Wait between polls of `request_check_url`, ms. Default 2000. */
  pollIntervalMs?: number;
  /** Polls before giving up with `poll_timeout`. Default 300 (10 min at the default interval). */
  maxPolls?: number;
  /** Timeout of each HTTP call (submit or poll), ms. Default 60 000. */
  timeoutMs?: number;
  /** Engine name. Default `datalab`. */
  name?: string;
  /** Default 9000 px. */
  maxStripHeight?: number;
}

export const DATALAB_DEFAULTS = {
  baseUrl: 'https://www.datalab.to',
  outputFormat: 'markdown',
  mode: 'balanced',
  pollIntervalMs: 2000,
  maxPolls: 300,
  timeoutMs: 60_000,
  maxStripHeight: 9000,
} as const;

interface MarkerCheck {
  status?: string;
  success?: boolean;
  markdown?: string | null;
  html?: string | null;
  error?: string | null;
  /** Pages Datalab billed for the request. */
  page_count?: number | null;
}

/**
 * Datalab marker: one `POST /api/v1/marker` (multipart) then polls of `request_check_url` until
 * `complete` or `failed`. Retryable poll failures (429, 5xx, network) are waited out inside the
 * poll budget rather than re-submitting (a new submission is billed again). Polls are not counted
 * against the engine's RPM limit: the limiter guards submissions (one `recognize` = one start).
 */
export class DatalabEngine implements OcrEngine {
  readonly name: string;
  readonly maxStripHeight: number;
  private readonly base: string;

  constructor(private readonly options: DatalabEngineOptions) {
    this.name = options.name ?? 'datalab';
    this.maxStripHeight = options.maxStripHeight ?? DATALAB_DEFAULTS.maxStripHeight;
    this.base = (options.baseUrl ?? DATALAB_DEFAULTS.baseUrl).replace(/\/+$/, '');
  }

  async recognize(request: OcrRequest): Promise<OcrResult> {
    const checkUrl = await this.submit(request);
    const check = await this.poll(checkUrl, request.signal);
    const pages = typeof check.page_count === 'number' ? check.page_count : 1;
    // Datalab bills pages, not tokens; the cost comes from the price table (docs/costs.md).
    return {
      text: this.finalText(check),
      engine: this.name,
      model: `marker:${this.mode}`,
      usage: { pagesBilled: pages },
    };
  }

  private get mode(): string {
    return this.options.mode ?? DATALAB_DEFAULTS.mode;
  }

  private get format(): 'markdown' | 'html' {
    return this.options.outputFormat ?? DATALAB_DEFAULTS.outputFormat;
  }

  private async submit(request: OcrRequest): Promise<string> {
    const form = new FormData();
    form.append(
      'file',
      new Blob([request.image], { type: request.mimeType }),
      `${request.kind}.png`,
    );
    form.append('output_format', this.format);
    form.append('mode', this.mode);
    const { body } = await callJson(
      `${this.base}/api/v1/marker`,
      { method: 'POST', headers: { 'x-api-key': this.options.apiKey }, body: form },
      this.callOptions(request.signal),
    );
    const answer = body as { success?: boolean; request_check_url?: string; error?: string };
    if (answer.success === false || typeof answer.request_check_url !== 'string') {
      throw new EngineError(
        'bad_response',
        `${this.name}: submission refused: ${answer.error ?? 'no request_check_url'}`,
        {
          engine: this.name,
        },
      );
    }
    return this.checkUrlOnOrigin(answer.request_check_url);
  }

  /**
   * Polls carry the API key, so they go only to the configured Datalab origin: a check URL naming
   * another host (a tampered or proxied answer) would hand the key to it. Permanent: the answer
   * will not change by re-submitting (and a new submission is billed again).
   */
  private checkUrlOnOrigin(raw: string): string {
    const url = new URL(raw, this.base);
    if (url.origin === new URL(this.base).origin) return url.href;
    throw new EngineError(
      'misconfigured',
      `${this.name}: request_check_url is not on the configured Datalab origin (${new URL(this.base).origin}); not polled`,
      { engine: this.name },
    );
  }

  private async poll(checkUrl: string, signal?: AbortSignal): Promise<MarkerCheck> {
    const maxPolls = this.options.maxPolls ?? DATALAB_DEFAULTS.maxPolls;
    const interval = this.options.pollIntervalMs ?? DATALAB_DEFAULTS.pollIntervalMs;
    for (let attempt = 1; attempt <= maxPolls; attempt++) {
      await abortableSleep(interval, this.name, signal);
      const check = await this.checkOnce(checkUrl, signal);
      if (check instanceof EngineError) {
        await abortableSleep(Math.max(0, (check.retryAfterMs ?? 0) - interval), this.name, signal);
        continue;
      }
      if (check.status === 'complete') return check;
      if (check.status === 'failed' || check.success === false) {
        throw new EngineError(
          'job_failed',
          `${this.name}: marker failed: ${check.error ?? 'no reason given'}`,
          {
            engine: this.name,
          },
        );
      }
    }
    throw new EngineError(
      'poll_timeout',
      `${this.name}: still processing after ${maxPolls} polls`,
      {
        engine: this.name,
      },
    );
  }

  /** One poll; a retryable failure is returned (to wait and poll again), others thrown. */
  private async checkOnce(
    checkUrl: string,
    signal?: AbortSignal,
  ): Promise<MarkerCheck | EngineError> {
    try {
      const { body } = await callJson(
        checkUrl,
        { method: 'GET', headers: { 'x-api-key': this.options.apiKey } },
        this.callOptions(signal),
      );
      return body as MarkerCheck;
    } catch (err) {
      if (err instanceof EngineError && err.retryable) return err;
      throw err;
    }
  }

  private finalText(check: MarkerCheck): string {
    const text = this.format === 'html' ? check.html : check.markdown;
    if (typeof text !== 'string') {
      throw new EngineError('bad_response', `${this.name}: complete without ${this.format}`, {
        engine: this.name,
      });
    }
    return text;
  }

  private callOptions(signal?: AbortSignal): {
    engine: string;
    timeoutMs: number;
    signal?: AbortSignal;
  } {
    return {
      engine: this.name,
      timeoutMs: this.options.timeoutMs ?? DATALAB_DEFAULTS.timeoutMs,
      signal,
    };
  }
}
