import { InjectQueue } from '@nestjs/bullmq';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { OCR_QUEUE, type JobRecord } from '@remote-ocr/contracts';
import type { JobEventPublisher } from '@remote-ocr/ocr-core';
import { FAIR_QUEUE, JOB_EVENTS, JOB_STORE, jobEvent, type FairQueue } from '@remote-ocr/server';
import type { JobStore } from '@remote-ocr/storage';
import type { Job, Queue } from 'bullmq';

export const SWEEP_INTERVAL_MS = 10_000;
/** A `processing` job with no live queue entry for this long is considered orphaned. */
export const ORPHAN_AFTER_MS = 60_000;

/**
 * Reconciles the database with the queue, so no job is lost between them: jobs the database says
 * are `queued` but the queue does not hold are enqueued again (e.g. a resume that raced the end of
 * the previous run, or a Redis that lost its data), and `processing` jobs whose queue entry is gone
 * or finished are put back to `queued`. Idempotent, so every worker may run it.
 */
@Injectable()
export class QueueSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(QueueSweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    @Inject(JOB_STORE) private readonly store: JobStore,
    @InjectQueue(OCR_QUEUE) private readonly queue: Queue,
    @Inject(JOB_EVENTS) private readonly events: JobEventPublisher,
    @Inject(FAIR_QUEUE) private readonly fair: FairQueue,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One pass; returns how many jobs were put back on the queue. */
  async sweep(now = Date.now()): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const queued = await this.store.jobs.list({ status: ['queued'], limit: 1000 });
      const processing = await this.store.jobs.list({ status: ['processing'], limit: 1000 });
      let requeued = 0;
      for (const job of queued)
        if (await this.requeue(job, 'queued in the database but missing from the queue'))
          requeued++;
      for (const job of processing) if (await this.recoverOrphan(job, now)) requeued++;
      if (requeued > 0) this.logger.log({ requeued }, 'sweeper re-enqueued jobs');
      return requeued;
    } catch (error) {
      this.logger.warn({ err: error }, 'sweep failed');
      return 0;
    } finally {
      this.running = false;
    }
  }

  private async recoverOrphan(job: JobRecord, now: number): Promise<boolean> {
    if (now - job.updatedAt.getTime() < ORPHAN_AFTER_MS) return false;
    const entry = (await this.queue.getJob(job.id)) as Job | undefined;
    const state = entry ? await entry.getState() : 'missing';
    if (['active', 'waiting', 'delayed', 'prioritized', 'waiting-children'].includes(state))
      return false;
    const back = await this.store.jobs.transition(job.id, ['processing'], 'queued');
    if (!back) return false;
    return this.requeue(back, `processing without a live queue entry (${state})`);
  }

  /** Enqueues the job again; a re-enqueue that happened is published as a `requeued` event. */
  private async requeue(job: JobRecord, reason: string): Promise<boolean> {
    if ((await this.fair.enqueue(job)) !== 'added') return false;
    await this.events.publish(jobEvent('requeued', job, { reason }));
    return true;
  }
}
