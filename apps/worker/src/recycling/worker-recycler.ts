import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@remote-ocr/server';
import { OcrJobProcessor } from '../ocr-job.processor.js';
import { describeReason, recycleReason, type RecycleReason } from './recycle-policy.js';

/** How often resident memory is looked at while jobs run (it is also checked as each job starts). */
const CHECK_MS = 1000;

/** Optional provider: what ends the process once drained (default: SIGTERM to itself). */
export const RECYCLE_EXIT = Symbol('RECYCLE_EXIT');

/**
 * WORKER_MAX_RSS_MB / WORKER_MAX_JOBS (docs/scaling.md, "Self-recycling workers"): past a cap the
 * worker pauses its BullMQ worker — no new job is taken, running ones finish normally, so nothing
 * goes back to the queue and no block is sent to an engine twice — then shuts down like on SIGTERM
 * and exits 0. Its supervisor (npm start, compose, systemd, Kubernetes) starts a fresh process.
 */
@Injectable()
export class WorkerRecycler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerRecycler.name);
  private taken = 0;
  private timer: NodeJS.Timeout | null = null;
  private recycling = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly processor: OcrJobProcessor,
    /** What ends the process once drained; tests replace it. */
    @Optional()
    @Inject(RECYCLE_EXIT)
    private readonly exit: () => void = () => process.kill(process.pid, 'SIGTERM'),
  ) {}

  onApplicationBootstrap(): void {
    const caps = this.config.workerRecycle;
    if (caps.maxRssMb <= 0 && caps.maxJobs <= 0) return;
    this.processor.worker.on('active', () => {
      this.taken++;
      this.check();
    });
    this.timer = setInterval(() => this.check(), CHECK_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private check(): void {
    if (this.recycling) return;
    const caps = this.config.workerRecycle;
    const reason = recycleReason(caps, { taken: this.taken, rssBytes: process.memoryUsage.rss() });
    if (reason) void this.recycle(reason);
  }

  private async recycle(reason: RecycleReason): Promise<void> {
    this.recycling = true;
    if (this.timer) clearInterval(this.timer);
    const why = describeReason(reason, this.config.workerRecycle);
    this.logger.log(`recycling: ${why}; finishing running jobs, taking no new ones`);
    try {
      // Resolves once the jobs this worker holds have finished (BullMQ waits for them).
      await this.processor.worker.pause();
    } catch (error) {
      this.logger.warn(`pause before recycling failed: ${(error as Error).message}`);
    }
    this.logger.log('recycling: running jobs finished; exiting for a fresh process');
    this.exit();
  }
}
