import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, Header, Inject, type OnModuleInit } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { JOB_STATUSES, OCR_QUEUE } from '@remote-ocr/contracts';
import { JOB_STORE } from '@remote-ocr/server';
import type { JobStore } from '@remote-ocr/storage';
import type { Queue } from 'bullmq';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { OperatorOnly } from '../common/api-key.guard.js';
import { EventsMetrics } from '../events/events-metrics.js';

/** Prometheus metrics of the api: jobs by status (from the database) and queue depth. */
@ApiExcludeController()
@OperatorOnly()
@Controller('metrics')
export class MetricsController implements OnModuleInit {
  readonly registry = new Registry();

  constructor(
    @Inject(JOB_STORE) private readonly store: JobStore,
    @InjectQueue(OCR_QUEUE) private readonly queue: Queue,
    private readonly events: EventsMetrics,
  ) {}

  onModuleInit(): void {
    collectDefaultMetrics({ register: this.registry, prefix: 'remote_ocr_api_' });
    this.events.register(this.registry);
    const store = this.store;
    const queue = this.queue;
    new Gauge({
      name: 'remote_ocr_jobs',
      help: 'Jobs by status',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        const counts = await store.jobs.countByStatus();
        for (const status of JOB_STATUSES) this.set({ status }, counts[status] ?? 0);
      },
    });
    new Gauge({
      name: 'remote_ocr_queue_jobs',
      help: 'OCR queue entries by state',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        const counts = await queue.getJobCounts(
          'waiting',
          'active',
          'delayed',
          'failed',
          'completed',
          'prioritized',
        );
        for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
      },
    });
  }

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
