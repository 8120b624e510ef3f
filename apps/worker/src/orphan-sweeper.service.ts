import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  APP_CONFIG,
  JOB_STORE,
  OBJECT_STORE,
  sweepOrphanObjects,
  type AppConfig,
} from '@remote-ocr/server';
import type { JobStore, ObjectStore } from '@remote-ocr/storage';

/**
 * Every `ORPHAN_SWEEP_INTERVAL_MIN` minutes, removes objects of jobs that no longer exist
 * (`sweepOrphanObjects`), one bounded page of job prefixes per run; the next run continues where
 * this one stopped and starts over after the last page. Idempotent, so every worker may run it.
 */
@Injectable()
export class OrphanSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OrphanSweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private cursor: string | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(OBJECT_STORE) private readonly objects: ObjectStore,
  ) {}

  onApplicationBootstrap(): void {
    const { intervalMs } = this.config.orphanSweep;
    if (intervalMs <= 0) return;
    this.timer = setInterval(() => void this.sweep(), intervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One run; returns how many orphaned job prefixes were removed. */
  async sweep(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const result = await sweepOrphanObjects(this.store, this.objects, {
        graceMs: this.config.orphanSweep.graceMs,
        startAfter: this.cursor,
      });
      this.cursor = result.next ?? undefined;
      if (result.removed.length > 0)
        this.logger.log(
          { jobs: result.removed.map((r) => r.jobId) },
          'removed objects of deleted jobs',
        );
      return result.removed.length;
    } catch (error) {
      this.logger.warn({ err: error }, 'orphan sweep failed');
      return 0;
    } finally {
      this.running = false;
    }
  }
}
