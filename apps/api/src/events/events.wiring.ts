import type { Provider } from '@nestjs/common';
import { EventHubService, StallMonitorService } from './event-hub.provider.js';
import { EventsAuth } from './events-auth.js';
import { EventsMetrics } from './events-metrics.js';
import { JobEventsService } from './job-events.service.js';
import { JobLiveService } from './job-live.service.js';
import { LongPollService } from './long-poll.service.js';

export { JobEventsController } from './job-events.controller.js';

/** Providers of the api's live side: SSE, long-poll, stall monitor, their metrics. */
export const EVENTS_PROVIDERS: Provider[] = [
  EventHubService,
  StallMonitorService,
  EventsAuth,
  EventsMetrics,
  JobEventsService,
  LongPollService,
  JobLiveService,
];
