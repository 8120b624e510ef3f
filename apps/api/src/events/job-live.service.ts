import { Injectable } from '@nestjs/common';
import type { JobRecord } from '@remote-ocr/contracts';
import type { Principal } from '@remote-ocr/server';
import type { Response } from 'express';
import { jobView } from '../jobs/job-views.js';
import { EventHubService } from './event-hub.provider.js';
import { LongPollService } from './long-poll.service.js';
import { StallMonitorService } from './event-hub.provider.js';
import type { WaitQuery } from './wait-query.dto.js';

/**
 * What the job routes need from the live side: long-poll and the liveness fields of a job answer
 * (`worker`, `heartbeat_at`, `stalled_reason`; `queue_position`, `estimated_start_at`).
 */
@Injectable()
export class JobLiveService {
  constructor(
    private readonly longPoll: LongPollService,
    private readonly stalls: StallMonitorService,
    private readonly hub: EventHubService,
  ) {}

  /** `GET /jobs/{id}` with optional `wait`/`since`. */
  async job(
    res: Response,
    principal: Principal,
    id: string,
    q: WaitQuery,
    read: () => Promise<JobRecord>,
  ) {
    const job = q.wait
      ? await this.longPoll.job(res, principal, id, q.wait, q.since)
      : await read();
    return { ...jobView(job), ...(await this.stalls.monitor.view(job)) };
  }

  /** `GET /jobs` with optional `wait`/`since`: wakes on the client's stream, or every job's. */
  list(
    res: Response,
    principal: Principal,
    q: WaitQuery & { client_id?: string },
    read: () => Promise<string>,
  ) {
    if (!q.wait) return read();
    const clientId = principal.kind === 'client' ? principal.clientId : q.client_id || null;
    const key = clientId ? this.hub.keys.client(clientId) : this.hub.keys.all();
    return this.longPoll.list(res, key, q.wait, q.since, read);
  }
}
