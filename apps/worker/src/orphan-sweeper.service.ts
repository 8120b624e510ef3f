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
  PeriodicTask,
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
  private readonly task = new PeriodicTask(
    () => this.removeOnePage(),
    (error) => this.logger.warn({ err: error }, 'orphan sweep failed'),
  );
  private cursor: string | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(OBJECT_STORE) private readonly objects: ObjectStore,
  ) {}

  onApplicationBootstrap(): void {
    const { intervalMs } = this.config.orphanSweep;
    if (intervalMs > 0) this.task.start(intervalMs);
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }

  /** One run; returns how many orphaned job prefixes were removed (0 when one is going). */
  async sweep(): Promise<number> {
    return (await this.task.runNow()) ?? 0;
  }

  private async removeOnePage(): Promise<number> {
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
  }
}
