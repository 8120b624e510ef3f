import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { FAIR_QUEUE, PeriodicTask, type FairQueue } from '@remote-ocr/server';

/** How often a worker tops the OCR queue up from the fair order (one short script call). */
export const FAIR_DISPATCH_INTERVAL_MS = 200;

/**
 * Keeps the BullMQ queue fed from the per-client fair order (docs/scaling-fairness.md): the api
 * hands jobs over when they are created, and every worker tops the queue up as its slots take
 * jobs from it. The script in `FairQueue.fill` keeps concurrent callers from overfilling.
 */
@Injectable()
export class FairDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FairDispatcher.name);
  private failing = false;
  private readonly task = new PeriodicTask(
    async () => {
      await this.fair.fill();
      this.failing = false;
    },
    (error) => {
      // Logged once per outage, not five times a second; the sweeper recovers what was lost.
      if (!this.failing) this.logger.warn({ err: error }, 'fair dispatch failed');
      this.failing = true;
    },
  );

  constructor(@Inject(FAIR_QUEUE) private readonly fair: FairQueue) {}

  onApplicationBootstrap(): void {
    if (this.fair.config.enabled) this.task.start(FAIR_DISPATCH_INTERVAL_MS);
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }
}
