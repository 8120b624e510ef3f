import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { APP_CONFIG, authenticate, type AppConfig } from '@remote-ocr/server';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics of one worker process (job durations, engine calls, latency and errors),
 * served on WORKER_METRICS_HOST:WORKER_METRICS_PORT (loopback by default; port 0 turns the endpoint
 * off) for Prometheus to scrape per replica.
 */
@Injectable()
export class WorkerMetrics implements OnModuleInit, OnApplicationShutdown {
  readonly registry = new Registry();
  private readonly logger = new Logger(WorkerMetrics.name);
  private server: Server | null = null;
  private readonly jobDuration = new Histogram({
    name: 'remote_ocr_job_duration_seconds',
    help: 'Duration of OCR job runs by outcome',
    labelNames: ['outcome'],
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1200, 3600],
    registers: [this.registry],
  });
  readonly engineCalls = new Counter({
    name: 'remote_ocr_engine_calls_total',
    help: 'Engine calls by engine and outcome',
    labelNames: ['engine', 'outcome'],
    registers: [this.registry],
  });
  /** Documents ('document') and blocks ('page') the PDFium renderer handed to pdf.js. */
  readonly rendererFallbacks = new Counter({
    name: 'remote_ocr_renderer_fallbacks_total',
    help: 'Documents and blocks rendered by pdf.js because PDFium could not draw them',
    labelNames: ['scope'],
    registers: [this.registry],
  });
  readonly engineLatency = new Histogram({
    name: 'remote_ocr_engine_call_seconds',
    help: 'Engine call latency by engine',
    labelNames: ['engine'],
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onModuleInit(): void {
    collectDefaultMetrics({ register: this.registry, prefix: 'remote_ocr_worker_' });
    const port = this.config.workerMetricsPort;
    if (port === 0) return;
    this.server = createServer((req, res) => this.answer(req, res));
    this.server.on('error', (err) =>
      this.logger.warn({ err }, `metrics endpoint unavailable on port ${port}`),
    );
    // Loopback unless WORKER_METRICS_HOST says otherwise (docs/security.md, "Worker metrics").
    this.server.listen(port, this.config.workerMetricsHost);
  }

  /**
   * `/health` answers anyone (container health checks); `/metrics` needs the operator key when
   * one is configured, as the api's `/metrics` does.
   */
  private answer(req: IncomingMessage, res: ServerResponse): void {
    if (req.url === '/health') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
      return;
    }
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    const key = req.headers['x-api-key'];
    const principal = authenticate(this.config, typeof key === 'string' ? key : undefined);
    if (principal?.kind !== 'operator') {
      res
        .writeHead(401, { 'Content-Type': 'application/json' })
        .end('{"detail":"Invalid or missing X-API-Key","code":"unauthorized"}');
      return;
    }
    this.registry.metrics().then(
      (body) => res.writeHead(200, { 'Content-Type': this.registry.contentType }).end(body),
      () => res.writeHead(500).end(),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  jobFinished(outcome: 'done' | 'error', startedAt: number): void {
    this.jobDuration.observe({ outcome }, (Date.now() - startedAt) / 1000);
  }

  /** Records one engine call; used by the engine registry's instrumentation. */
  engineCall(engine: string, outcome: 'ok' | 'error', seconds: number): void {
    this.engineCalls.inc({ engine, outcome });
    this.engineLatency.observe({ engine }, seconds);
  }
}
