import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { EngineName } from '@remote-ocr/contracts';
import { AutoEngine, type LocalEngine } from '@remote-ocr/engines';
import type { OcrEngine, OcrRequest, OcrResult } from '@remote-ocr/ocr-core';
import {
  APP_CONFIG,
  createLimitedEngine,
  createLocalEngine,
  createRedisClient,
  defaultModelOf,
  type AppConfig,
  type PaidEngineName,
} from '@remote-ocr/server';
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
    this.redis = createRedisClient(config.redis, { maxRetriesPerRequest: null, lazyConnect: true });
    const shared = { redis: this.redis, prefix: config.redis.prefix };
    this.local = createLocalEngine(config.engines.local);
    this.engines.set('local', new InstrumentedEngine(this.local, metrics));
    for (const name of ['openrouter', 'datalab'] satisfies PaidEngineName[]) {
      const engine = createLimitedEngine(name, config.engines, shared);
      if (engine) this.engines.set(name, new InstrumentedEngine(engine, metrics));
    }
    // auto: text layer first, the first configured vision engine for the rest (docs/auto-engine.md).
    const model = this.engines.get('openrouter') ?? this.engines.get('datalab');
    if (model) this.engines.set('auto', new AutoEngine(model));
  }

  /** The engine of a job; a job whose engine this worker has no key for cannot run. */
  forJob(name: EngineName): OcrEngine {
    const engine = this.engines.get(name);
    if (!engine) throw new Error(`engine "${name}" is not configured on this worker`);
    return engine;
  }

  defaultModel(name: EngineName): string | undefined {
    return defaultModelOf(name, this.config.engines);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.local.close?.();
    this.redis.disconnect();
  }
}
