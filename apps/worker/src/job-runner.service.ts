import { rm } from 'node:fs/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JobRecord, OcrJobPayload } from '@remote-ocr/contracts';
import { BudgetExceededError, runPipeline, type OcrJobSummary } from '@remote-ocr/ocr-core';
import type { JobEventPublisher } from '@remote-ocr/ocr-core';
import {
  APP_CONFIG,
  JOB_EVENTS,
  JOB_STORE,
  OBJECT_STORE,
  USAGE_STORE,
  WorkerLiveness,
  spendLimitsFor,
  type AppConfig,
} from '@remote-ocr/server';
import {
  isStaleRunRefusal,
  type JobStore,
  type ObjectStore,
  type UsageRepository,
} from '@remote-ocr/storage';
import { LedgerUsageMeter } from './adapters/ledger-usage-meter.js';
import { UsageMetrics } from './usage-metrics.js';
import { DebouncedProgress } from './adapters/debounced-progress.js';
import { JobWatch } from './adapters/job-watch.js';
import { LiveRun } from './adapters/live-run.js';
import { RepositoryCheckpointStore } from './adapters/repository-checkpoint-store.js';
import { StorageJobSource } from './adapters/storage-job-source.js';
import { StorageResultSink } from './adapters/storage-result-sink.js';
import { EngineRegistry } from './engines/engine-registry.js';
import { RendererProvider } from './renderer.provider.js';
import { WorkerMetrics } from './worker-metrics.js';
import { publicErrorMessage } from './public-error.js';
import { classifyRunFailure } from './run-failure.js';
import { createJobWorkDir } from './work-dirs.js';

/** What the processor should do with the BullMQ job after a run. */
export type RunOutcome = 'finished' | 'skipped' | 'stopped';

/** Thrown for failures worth another BullMQ attempt (database, storage or queue trouble). */
export class RetryableJobError extends Error {}

/**
 * Runs one claimed job: claims it in the database, wires storage and engines into the ocr-core
 * pipeline, watches for pause/restart/delete, enforces the time limit and records the outcome.
 */
/** What decides how a failed run ends: why it was aborted, and whether BullMQ may try again. */
interface FailureContext {
  timeout: AbortSignal;
  watch: AbortSignal;
  shutdown: AbortSignal;
  isLastAttempt: boolean;
  started: number;
}

@Injectable()
export class JobRunner {
  private readonly logger = new Logger(JobRunner.name);
  private readonly usageMetrics: UsageMetrics;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(OBJECT_STORE) private readonly objects: ObjectStore,
    private readonly engines: EngineRegistry,
    private readonly renderer: RendererProvider,
    private readonly metrics: WorkerMetrics,
    private readonly liveness: WorkerLiveness,
    @Inject(JOB_EVENTS) private readonly events: JobEventPublisher,
    @Inject(USAGE_STORE) private readonly usage: UsageRepository,
  ) {
    this.usageMetrics = new UsageMetrics(metrics.registry);
  }

  // eslint-disable-next-line max-lines-per-function -- claim, run and finish of one job share its abort signals, work dir and one finally; split, each part would need all of them
  async run(
    payload: OcrJobPayload,
    shutdown: AbortSignal,
    isLastAttempt: boolean,
  ): Promise<RunOutcome> {
    const job = await this.claim(payload.jobId);
    if (!job) return 'skipped';
    const log = { jobId: job.id, attempt: job.attempts };
    this.logger.log(log, 'job claimed');
    const watch = new JobWatch(this.store, job.id, job.attempts);
    const timeout = AbortSignal.timeout(this.config.jobs.timeLimitMs);
    const signal = AbortSignal.any([watch.signal, timeout, shutdown]);
    const workDir = await createJobWorkDir(job.id);
    const progress = new DebouncedProgress(this.store, job.id, (err) =>
      this.logger.warn({ ...log, err }, 'progress write failed'),
    );
    const live = new LiveRun(job, this.liveness, this.events, (err) =>
      this.logger.warn({ ...log, err }, 'liveness update failed'),
    );
    await live.start(this.config.events.heartbeatMs);
    const started = Date.now();
    let finished = false;
    try {
      const summary = await this.pipeline(job, signal, workDir, live, progress);
      await progress.flush();
      live.flush();
      await this.finish(job, summary);
      finished = true;
      this.metrics.jobFinished('done', started);
      this.logger.log({ ...log, ...summary }, 'job done');
      return 'finished';
    } catch (error) {
      await progress.flush();
      live.flush();
      return await this.handleFailure(job, error, {
        timeout,
        watch: watch.signal,
        shutdown,
        isLastAttempt,
        started,
      });
    } finally {
      watch.stop();
      await live.stop(finished ? Date.now() - started : null);
      await rm(workDir, { recursive: true, force: true });
    }
  }

  /** queued → processing, or processing → processing when a stalled run is taken over. */
  private async claim(jobId: string): Promise<JobRecord | null> {
    return this.store.jobs.transition(jobId, ['queued', 'processing'], 'processing', {
      progress: 0.05,
      startedAt: new Date(),
      finishedAt: null,
      errorMessage: null,
      errorCode: null,
      incrementAttempts: true,
    });
  }

  private async pipeline(
    job: JobRecord,
    signal: AbortSignal,
    workDir: string,
    live: LiveRun,
    progress: DebouncedProgress,
  ): Promise<OcrJobSummary> {
    const settings = await this.store.settings.get(job.id);
    return runPipeline({
      engine: this.engines.forJob(job.engine),
      renderer: this.renderer.renderer,
      source: new StorageJobSource(this.objects, job.id, workDir),
      sink: new StorageResultSink(this.objects, this.store, job.id, signal, job.attempts),
      checkpoints: live.checkpoints(
        new RepositoryCheckpointStore(this.store, job.id, signal, job.attempts),
      ),
      progress: live.progress(progress),
      signal,
      documentName: job.documentName,
      models: {
        text_model: settings?.textModel,
        table_model: settings?.tableModel,
        image_model: settings?.imageModel,
        default: this.engines.defaultModel(job.engine),
      },
      settings: {
        stripMaxHeight: this.config.jobs.stripMaxHeight,
        concurrency: this.config.jobs.engineConcurrency,
      },
      usage: new LedgerUsageMeter(this.usage, this.usageMetrics, job, (err) =>
        this.logger.warn({ jobId: job.id, err }, 'usage ledger write failed'),
      ),
      prices: this.config.costs.prices,
      spendLimits: await spendLimitsFor(this.usage, this.config, job),
    });
  }

  /** A spending cap was reached: the job pauses with the blocks still to do (docs/costs.md). */
  private async pauseForBudget(job: JobRecord, error: BudgetExceededError): Promise<void> {
    const left = error.blocksLeft.length;
    await this.store.jobs.transition(job.id, ['processing'], 'paused', {
      errorCode: 'budget_exceeded',
      errorMessage: `${error.message}; ${left} block${left === 1 ? '' : 's'} still to do`,
    });
    this.logger.log({ jobId: job.id, blocksLeft: left }, 'job paused: budget exceeded');
  }

  private async finish(job: JobRecord, summary: OcrJobSummary): Promise<void> {
    await this.store.jobs.updateProgress(job.id, {
      progress: 0.99,
      blocksTotal: summary.blocksTotal,
      blocksDone: summary.done,
      blocksFailed: summary.failed,
    });
    await this.store.jobs.transition(job.id, ['processing'], 'done', {
      progress: 1,
      errorMessage: summary.errorMessage,
      errorCode: summary.failed > 0 ? 'engine_failed' : null,
      finishedAt: new Date(),
    });
  }

  private async handleFailure(
    job: JobRecord,
    error: unknown,
    ctx: FailureContext,
  ): Promise<RunOutcome> {
    const log = { jobId: job.id, err: error };
    if (ctx.watch.aborted || isStaleRunRefusal(error)) {
      this.logger.log(
        { jobId: job.id, reason: String(ctx.watch.reason) },
        'job stopped by a state change',
      );
      return 'stopped';
    }
    if (ctx.timeout.aborted) {
      const message = `Job exceeded the time limit of ${Math.round(this.config.jobs.timeLimitMs / 1000)} s`;
      await this.fail(job, 'job_timeout', message);
      this.metrics.jobFinished('error', ctx.started);
      return 'finished';
    }
    if (ctx.shutdown.aborted) {
      // Hand the job back: the next worker resumes it from its checkpoints.
      await this.store.jobs.transition(job.id, ['processing'], 'queued');
      throw new RetryableJobError('worker shutting down; job handed back');
    }
    if (error instanceof BudgetExceededError) {
      await this.pauseForBudget(job, error);
      return 'finished';
    }
    const failure = classifyRunFailure(error);
    if (!failure.retryable || ctx.isLastAttempt) {
      await this.fail(job, failure.code, publicErrorMessage(error));
      this.metrics.jobFinished('error', ctx.started);
      this.logger.error(log, 'job failed');
      return 'finished';
    }
    this.logger.warn(log, 'job run failed; BullMQ will retry it');
    throw new RetryableJobError(error instanceof Error ? error.message : String(error));
  }

  private async fail(job: JobRecord, code: string, message: string): Promise<void> {
    await this.store.jobs.transition(job.id, ['processing'], 'error', {
      errorCode: code,
      errorMessage: message,
      finishedAt: new Date(),
    });
  }
}
