import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { OCR_QUEUE, parseOcrJobPayload } from '@remote-ocr/contracts';
import type { AppConfig } from '@remote-ocr/server';
import { UnrecoverableError, type Job } from 'bullmq';
import { JobRunner, type RunOutcome } from './job-runner.service.js';

/** How long running jobs get to finish on SIGTERM before they are handed back to the queue. */
export const SHUTDOWN_GRACE_MS = 20_000;

/** The one BullMQ processor: validates the payload and hands the job to the runner. */
@Processor(OCR_QUEUE)
export class OcrJobProcessor extends WorkerHost implements BeforeApplicationShutdown {
  private readonly logger = new Logger(OcrJobProcessor.name);
  private readonly shutdown = new AbortController();

  constructor(private readonly runner: JobRunner) {
    super();
  }

  async process(job: Job): Promise<RunOutcome> {
    let payload;
    try {
      payload = parseOcrJobPayload(job.data);
    } catch (error) {
      throw new UnrecoverableError((error as Error).message);
    }
    const attempts = job.opts.attempts ?? 1;
    return this.runner.run(payload, this.shutdown.signal, job.attemptsMade + 1 >= attempts);
  }

  /** SIGTERM: stop taking jobs, let running ones finish within the grace, then hand them back. */
  async beforeApplicationShutdown(): Promise<void> {
    const timer = setTimeout(
      () => this.shutdown.abort(new Error('worker shutting down')),
      SHUTDOWN_GRACE_MS,
    );
    try {
      await this.worker.close();
    } finally {
      clearTimeout(timer);
    }
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.warn(
      { jobId: job?.id, attemptsMade: job?.attemptsMade, err: error },
      'queue job attempt failed',
    );
  }
}

/**
 * Applies the configured worker options (concurrency, lock and stalled-job timings) to the
 * processor: @nestjs/bullmq reads them from the decorator, which is static, so the module applies
 * it again with values from the environment before Nest discovers the processor.
 */
export function configureOcrProcessor(config: AppConfig): void {
  Processor(OCR_QUEUE, {
    concurrency: config.jobs.maxConcurrentJobs,
    lockDuration: config.jobs.lockDurationMs,
    stalledInterval: config.jobs.stalledIntervalMs,
    // A job whose worker died twice in a row is failed rather than retried forever.
    maxStalledCount: 2,
  })(OcrJobProcessor);
}
