import { InjectQueue } from '@nestjs/bullmq';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { OCR_QUEUE } from '@remote-ocr/contracts';
import type { JobEventPublisher } from '@remote-ocr/ocr-core';
import {
  FAIR_QUEUE,
  JOB_EVENTS,
  JOB_STORE,
  jobEvent,
  PeriodicTask,
  requeueOrphans,
  type FairQueue,
} from '@remote-ocr/server';
import type { JobStore } from '@remote-ocr/storage';
import type { Queue } from 'bullmq';

export const SWEEP_INTERVAL_MS = 10_000;

/**
 * Runs the orphan requeue (libs/server use-cases/requeue-orphans.ts) every SWEEP_INTERVAL_MS, so no
 * job is lost between the database and the queue (e.g. a resume that raced the end of the previous
 * run, or a Redis that lost its data); each job put back is published as a `requeued` event.
 */
@Injectable()
export class QueueSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(QueueSweeper.name);
  private readonly task = new PeriodicTask(
    () => this.requeue(),
    (error) => this.logger.warn({ err: error }, 'sweep failed'),
  );

  constructor(
    @Inject(JOB_STORE) private readonly store: JobStore,
    @InjectQueue(OCR_QUEUE) private readonly queue: Queue,
    @Inject(JOB_EVENTS) private readonly events: JobEventPublisher,
    @Inject(FAIR_QUEUE) private readonly fair: FairQueue,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(SWEEP_INTERVAL_MS);
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }

  /** One pass; returns how many jobs were put back on the queue (0 when one is already going). */
  async sweep(): Promise<number> {
    return (await this.task.runNow()) ?? 0;
  }

  private async requeue(): Promise<number> {
    const requeued = await requeueOrphans(
      { store: this.store, queue: this.queue, fair: this.fair },
      { now: Date.now() },
    );
    for (const { job, reason } of requeued)
      await this.events.publish(jobEvent('requeued', job, { reason }));
    if (requeued.length > 0)
      this.logger.log({ requeued: requeued.length }, 'sweeper re-enqueued jobs');
    return requeued.length;
  }
}
