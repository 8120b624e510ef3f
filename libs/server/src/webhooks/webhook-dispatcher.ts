import type { JobEvent } from '@remote-ocr/contracts';
import type {
  WebhookEndpointRepository,
  WebhookEventType,
  WebhookRepository,
} from '@remote-ocr/storage';
import type { Queue } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import type { EventKeys } from '../events/event-keys.js';
import { decodeEntry, type StreamEntry } from '../events/stream-entries.js';
import { enqueueWebhook } from './webhook-delivery.js';
import { fanOutToEndpoints } from './endpoint-fanout.js';

/**
 * Turns job events into webhook deliveries (docs/webhooks.md). It reads the all-jobs event stream
 * through a Redis consumer group, so every event is handled by one dispatcher among all workers
 * and an entry is acknowledged only after its delivery row is stored and its BullMQ job is queued.
 * A dispatcher killed in between leaves the entry pending; another one claims it after
 * `claimIdleMs` and does the same again — the delivery id is derived from the entry id, so the
 * row insert and the queue add are both no-ops the second time. No event is lost, none doubled.
 */

export const WEBHOOK_CONSUMER_GROUP = 'webhooks';

export interface DispatcherSettings {
  consumer: string;
  scheduleLength: number;
  /** Pending entries idle this long (their dispatcher died) are taken over. */
  claimIdleMs: number;
  blockMs: number;
}

/** The webhook event type of a job event, or null when no webhook is sent for it. */
export function webhookEventType(event: JobEvent): WebhookEventType | null {
  switch (event.name) {
    case 'done':
      return 'job.done';
    case 'error':
      return 'job.error';
    case 'stalled':
      return 'job.stalled';
    case 'status':
      return event.data.status === 'paused' ? 'job.paused' : null;
    // Operator endpoints only (a job's own callback hears the four above); throttled per endpoint.
    case 'progress':
      return 'job.progress';
    case 'created':
    case 'block':
    case 'recovered':
    case 'requeued':
    case 'deleted':
      return null;
  }
}

/** The Standard Webhooks body: `{type, timestamp, data}`. */
export function webhookBody(type: string, event: JobEvent): string {
  return JSON.stringify({ type, timestamp: event.data.at, data: event.data });
}

export class WebhookDispatcher {
  private stopped = false;

  constructor(
    /** A connection of its own: XREADGROUP … BLOCK holds it. */
    private readonly redis: Redis | Cluster,
    private readonly keys: EventKeys,
    private readonly repository: WebhookRepository,
    private readonly queue: Queue,
    private readonly settings: DispatcherSettings,
    private readonly onError: (error: unknown) => void,
    /** Operator endpoints (docs/webhooks.md); none when absent. */
    private readonly endpoints: WebhookEndpointRepository | null = null,
  ) {}

  /** Runs until {@link stop}; errors are reported and the loop goes on after a pause. */
  async run(): Promise<void> {
    // The group is made once (and again after an error: the stream may have expired), and stale
    // entries are looked for once per `claimIdleMs`: while events flow, each read returns at once,
    // and two more commands per read were a steady cost of the worker.
    let groupReady = false;
    let nextClaim = 0;
    while (!this.stopped) {
      try {
        if (!groupReady) await this.ensureGroup();
        groupReady = true;
        if (Date.now() >= nextClaim) {
          nextClaim = Date.now() + this.settings.claimIdleMs;
          await this.claimStale();
        }
        await this.readNew();
      } catch (error) {
        groupReady = false;
        if (this.stopped) return;
        this.onError(error);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  stop(): void {
    this.stopped = true;
  }

  private async ensureGroup(): Promise<void> {
    try {
      await this.redis.xgroup('CREATE', this.keys.all(), WEBHOOK_CONSUMER_GROUP, '0', 'MKSTREAM');
    } catch (error) {
      if (!String(error).includes('BUSYGROUP')) throw error;
    }
  }

  private async claimStale(): Promise<void> {
    const reply = (await this.redis.xautoclaim(
      this.keys.all(),
      WEBHOOK_CONSUMER_GROUP,
      this.settings.consumer,
      this.settings.claimIdleMs,
      '0-0',
      'COUNT',
      50,
    )) as [string, StreamEntry[]];
    await this.handleAll(reply[1]);
  }

  private async readNew(): Promise<void> {
    const reply = (await this.redis.xreadgroup(
      'GROUP',
      WEBHOOK_CONSUMER_GROUP,
      this.settings.consumer,
      'COUNT',
      50,
      'BLOCK',
      this.settings.blockMs,
      'STREAMS',
      this.keys.all(),
      '>',
    )) as [string, StreamEntry[]][] | null;
    await this.handleAll(reply?.[0]?.[1] ?? []);
  }

  /**
   * Handles entries in order, then acknowledges the handled ones with one XACK: most entries
   * (`block` events, a job's bulk) need nothing but the acknowledgement, and one command per
   * entry cost the worker a Redis round trip per block (docs/rendering.md, "Where the time goes").
   * A crash before the XACK leaves them pending; they are claimed again, and deliveries are keyed
   * by event id, so none is sent twice.
   */
  private async handleAll(entries: readonly StreamEntry[]): Promise<void> {
    const handled: string[] = [];
    for (const entry of entries) if (await this.handleSafely(entry)) handled.push(entry[0]);
    if (handled.length > 0) {
      await this.redis.xack(this.keys.all(), WEBHOOK_CONSUMER_GROUP, ...handled);
    }
  }

  /**
   * One entry's failure must not hold up the others: it stays pending and is tried again after
   * `claimIdleMs`. A job deleted meanwhile (its callback went with it) is acknowledged instead.
   */
  private async handleSafely(entry: StreamEntry): Promise<boolean> {
    try {
      await this.deliver(entry);
      return true;
    } catch (error) {
      const jobId = decodeEntry(entry)?.data.job_id;
      // A delivery row of a deleted job violates its foreign key (Postgres 23503).
      const deleted = (error as { code?: unknown }).code === '23503';
      const gone =
        deleted ||
        (jobId !== undefined &&
          this.endpoints === null &&
          !(await this.repository.getJobCallback(jobId)));
      if (!gone) this.onError(error);
      return gone;
    }
  }

  /** Stores and queues the deliveries of one entry (if any), then acknowledges it. */
  async handle(entry: StreamEntry): Promise<void> {
    await this.deliver(entry);
    await this.redis.xack(this.keys.all(), WEBHOOK_CONSUMER_GROUP, entry[0]);
  }

  /** Stores and queues the deliveries of one entry (if any). */
  private async deliver(entry: StreamEntry): Promise<void> {
    const event = decodeEntry(entry);
    const type = event ? webhookEventType(event) : null;
    if (event && type) await this.toCallback(event, type);
    if (event && type && this.endpoints) {
      const deps = {
        redis: this.redis,
        keys: this.keys,
        deliveries: this.repository,
        endpoints: this.endpoints,
        queue: this.queue,
        scheduleLength: this.settings.scheduleLength,
      };
      await fanOutToEndpoints(deps, event.id, event, type, webhookBody(type, event));
    }
  }

  /** The job's own `callback_url`: every event type but `job.progress`. */
  private async toCallback(event: JobEvent, type: WebhookEventType): Promise<void> {
    if (type === 'job.progress') return;
    const callback = await this.repository.getJobCallback(event.data.job_id);
    if (callback) {
      const delivery = {
        id: `msg_${event.id.replace('-', '_')}`,
        jobId: event.data.job_id,
        event: type,
        url: callback.url,
        body: webhookBody(type, event),
      };
      await this.repository.addDelivery(delivery);
      await enqueueWebhook(
        this.queue,
        {
          webhookId: delivery.id,
          url: delivery.url,
          signer: `job:${delivery.jobId}`,
          body: delivery.body,
        },
        this.settings.scheduleLength,
      );
    }
  }
}
