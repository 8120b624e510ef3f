import type { CallUsage, UsageMeter } from '@remote-ocr/ocr-core';
import type { UsageRepository } from '@remote-ocr/storage';
import type { UsageMetrics } from '../usage-metrics.js';

/**
 * Writes each engine call of a run to the usage ledger and the usage metrics. A ledger write that
 * fails is reported and dropped, never thrown: the call's answer is already paid for and must
 * still be saved (the run's own caps count the call in memory either way).
 */
export class LedgerUsageMeter implements UsageMeter {
  constructor(
    private readonly usage: UsageRepository,
    private readonly metrics: UsageMetrics,
    private readonly job: { id: string; clientId: string },
    private readonly onError: (error: unknown) => void,
  ) {}

  async record(call: CallUsage): Promise<void> {
    this.metrics.record(this.job.clientId, call);
    try {
      await this.usage.record({ ...call, jobId: this.job.id, clientId: this.job.clientId });
    } catch (error) {
      this.onError(error);
    }
  }
}
