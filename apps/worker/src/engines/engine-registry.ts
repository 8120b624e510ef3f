import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { EngineName } from '@remote-ocr/contracts';
import {
  AutoEngine,
  DatalabEngine,
  LimitedEngine,
  LocalEngine,
  OpenRouterEngine,
  RedisEngineLimiter,
} from '@remote-ocr/engines';
import type { OcrEngine, OcrRequest, OcrResult } from '@remote-ocr/ocr-core';
import { APP_CONFIG, createRedisClient, type AppConfig } from '@remote-ocr/server';
import type { Cluster, Redis } from 'ioredis';
import { WorkerMetrics } from '../worker-metrics.js';

/** Counts and times every call (after limits and retries) for the worker's Prometheus metrics. */
class InstrumentedEngine implements OcrEngine {
  readonly name: string;
  readonly maxStripHeight?: number;
  readonly needsBlockCrops?: boolean;

  constructor(
    private readonly inner: OcrEngine,
    private readonly metrics: WorkerMetrics,
  ) {
    this.name = inner.name;
    this.maxStripHeight = inner.maxStripHeight;
    this.needsBlockCrops = inner.needsBlockCrops;
  }

  async recognize(request: OcrRequest): Promise<OcrResult> {
    const started = performance.now();
    try {
      const result = await this.inner.recognize(request);
      this.metrics.engineCall(this.name, 'ok', (performance.now() - started) / 1000);
      return result;
    } catch (error) {
      this.metrics.engineCall(this.name, 'error', (performance.now() - started) / 1000);
      throw error;
    }
  }
}

/**
 * The engines this worker can run, built once from the configuration. Paid engines go through the
 * Redis-held limits shared by every worker (DATALAB_MAX_RPM/…_CONCURRENT, OPENROUTER_…) and
 * retries; the local engine needs neither.
 */
@Injectable()
export class EngineRegistry implements OnApplicationShutdown {
  private readonly engines = new Map<EngineName, OcrEngine>();
  private readonly redis: Redis | Cluster;
  private readonly local: LocalEngine;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: WorkerMetrics,
  ) {
    const e = config.engines;
    this.redis = createRedisClient(config.redis, { maxRetriesPerRequest: null, lazyConnect: true });
    const limiter = (engine: string, maxConcurrent: number, maxPerWindow: number) =>
      new RedisEngineLimiter(this.redis, {
        engine,
        maxConcurrent,
        maxPerWindow,
        prefix: `${config.redis.prefix}:limits:`,
      });
    this.local = new LocalEngine({
      languages: e.local.langs.split('+').filter(Boolean),
      extraLangDirs: e.local.tessdataDir ? [e.local.tessdataDir] : [],
    });
    this.engines.set('local', new InstrumentedEngine(this.local, metrics));
    if (e.openrouter.apiKey) {
      const inner = new OpenRouterEngine({
        apiKey: e.openrouter.apiKey,
        baseUrl: e.openrouter.baseUrl,
        defaultModel: e.openrouter.defaultModel,
        timeoutMs: e.openrouter.timeoutMs,
      });
      this.addPaid(
        'openrouter',
        inner,
        limiter(inner.name, e.openrouter.maxConcurrent, e.openrouter.maxRpm),
        metrics,
      );
    }
    if (e.datalab.apiKey) {
      const inner = new DatalabEngine({
        apiKey: e.datalab.apiKey,
        baseUrl: e.datalab.baseUrl,
        pollIntervalMs: e.datalab.pollIntervalMs,
        maxPolls: e.datalab.maxPolls,
      });
      this.addPaid(
        'datalab',
        inner,
        limiter(inner.name, e.datalab.maxConcurrent, e.datalab.maxRpm),
        metrics,
      );
    }
    // auto: text layer first, the first configured vision engine for the rest (docs/auto-engine.md).
    const model = this.engines.get('openrouter') ?? this.engines.get('datalab');
    if (model) this.engines.set('auto', new AutoEngine(model));
  }

  /** A paid engine behind the shared Redis limits and retries, counted in the metrics. */
  private addPaid(
    name: EngineName,
    inner: OcrEngine,
    limiter: RedisEngineLimiter,
    metrics: WorkerMetrics,
  ): void {
    this.engines.set(name, new InstrumentedEngine(new LimitedEngine(inner, { limiter }), metrics));
  }

  /** The engine of a job; a job whose engine this worker has no key for cannot run. */
  forJob(name: EngineName): OcrEngine {
    const engine = this.engines.get(name);
    if (!engine) throw new Error(`engine "${name}" is not configured on this worker`);
    return engine;
  }

  defaultModel(name: EngineName): string | undefined {
    const openrouterModel =
      name === 'openrouter' || (name === 'auto' && this.engines.has('openrouter'));
    return openrouterModel ? this.config.engines.openrouter.defaultModel : undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.local.close?.();
    this.redis.disconnect();
  }
}
