import type { EngineName } from '@remote-ocr/contracts';
import {
  DatalabEngine,
  LimitedEngine,
  LocalEngine,
  OpenRouterEngine,
  RedisEngineLimiter,
} from '@remote-ocr/engines';
import type { OcrEngine } from '@remote-ocr/ocr-core';
import type { Cluster, Redis } from 'ioredis';
import type { EnginesConfig } from '../config/app-config.js';

export type PaidEngineName = Exclude<EngineName, 'local' | 'auto'>;

/** The variable that holds each paid engine's key, for messages about a missing one. */
export const ENGINE_KEY_VARIABLE: Record<PaidEngineName, string> = {
  openrouter: 'OPENROUTER_API_KEY',
  datalab: 'DATALAB_API_KEY',
};

/** The local Tesseract engine (LOCAL_OCR_LANGS, TESSDATA_DIR); close it to end its threads. */
export function createLocalEngine(local: EnginesConfig['local']): LocalEngine {
  return new LocalEngine({
    languages: local.langs.split('+').filter(Boolean),
    extraLangDirs: local.tessdataDir ? [local.tessdataDir] : [],
  });
}

/**
 * A paid engine as configured (key, base URL, OPENROUTER_TIMEOUT_S, Datalab polling), without
 * limits or retries; `null` when its key is not set.
 */
export function createPaidEngine(name: PaidEngineName, e: EnginesConfig): OcrEngine | null {
  if (name === 'openrouter') {
    if (!e.openrouter.apiKey) return null;
    return new OpenRouterEngine({
      apiKey: e.openrouter.apiKey,
      baseUrl: e.openrouter.baseUrl,
      defaultModel: e.openrouter.defaultModel,
      timeoutMs: e.openrouter.timeoutMs,
    });
  }
  if (!e.datalab.apiKey) return null;
  return new DatalabEngine({
    apiKey: e.datalab.apiKey,
    baseUrl: e.datalab.baseUrl,
    pollIntervalMs: e.datalab.pollIntervalMs,
    maxPolls: e.datalab.maxPolls,
  });
}

/** Where the shared limits of every worker live in Redis. */
export interface SharedLimits {
  redis: Redis | Cluster;
  prefix: string;
}

/**
 * A paid engine behind retries and, when `shared` is given, the Redis-held limits every worker
 * shares (`*_MAX_RPM`, `*_MAX_CONCURRENT`); `null` when its key is not set. A one-shot CLI run
 * passes no `shared`: a single process, whose concurrency already bounds the rate.
 */
export function createLimitedEngine(
  name: PaidEngineName,
  e: EnginesConfig,
  shared?: SharedLimits,
): OcrEngine | null {
  const inner = createPaidEngine(name, e);
  if (!inner) return null;
  if (!shared) return new LimitedEngine(inner);
  const limits = e[name];
  const limiter = new RedisEngineLimiter(shared.redis, {
    engine: inner.name,
    maxConcurrent: limits.maxConcurrent,
    maxPerWindow: limits.maxRpm,
    prefix: `${shared.prefix}:limits:`,
  });
  return new LimitedEngine(inner, { limiter });
}

/**
 * The model a job gets when it names none (only OpenRouter has a choice; `auto` sends its model
 * blocks to OpenRouter when its key is set, docs/auto-engine.md).
 */
export function defaultModelOf(name: EngineName, e: EnginesConfig): string | undefined {
  const openrouter = name === 'openrouter' || (name === 'auto' && Boolean(e.openrouter.apiKey));
  return openrouter ? e.openrouter.defaultModel : undefined;
}
