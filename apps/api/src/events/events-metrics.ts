import { Injectable } from '@nestjs/common';
import { Counter, Gauge, type Registry } from 'prom-client';
import { EventHubService } from './event-hub.provider.js';

/** Open SSE connections, events sent and the lengths of the streams this replica watches. */
@Injectable()
export class EventsMetrics {
  readonly open = new Gauge({
    name: 'remote_ocr_sse_connections',
    help: 'Open server-sent event responses by stream kind',
    labelNames: ['stream'],
    registers: [],
  });
  readonly sent = new Counter({
    name: 'remote_ocr_sse_events_sent_total',
    help: 'Events written to SSE responses by event name',
    labelNames: ['event'],
    registers: [],
  });
  readonly lengths: Gauge;
  readonly watched: Gauge;

  constructor(hub: EventHubService) {
    this.watched = new Gauge({
      name: 'remote_ocr_event_streams_watched',
      help: 'Redis event streams this replica reads for open SSE responses and long-polls',
      registers: [],
      collect() {
        this.set(hub.hub.watched().size);
      },
    });
    this.lengths = new Gauge({
      name: 'remote_ocr_event_stream_entries',
      help: 'Entries in the Redis event streams this replica watches, by kind (sum and max)',
      labelNames: ['stream', 'stat'],
      registers: [],
      async collect() {
        const totals = new Map<string, number[]>();
        for (const key of hub.hub.watched().keys()) {
          const kind = key.includes(':events:job:') ? 'job' : 'client';
          const list = totals.get(kind) ?? [];
          list.push(await hub.streamLength(key));
          totals.set(kind, list);
        }
        this.reset();
        for (const [kind, list] of totals) {
          this.set(
            { stream: kind, stat: 'sum' },
            list.reduce((a, b) => a + b, 0),
          );
          this.set({ stream: kind, stat: 'max' }, Math.max(...list));
        }
      },
    });
  }

  register(registry: Registry): void {
    registry.registerMetric(this.open);
    registry.registerMetric(this.sent);
    registry.registerMetric(this.lengths);
    registry.registerMetric(this.watched);
  }
}
