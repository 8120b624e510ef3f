import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import {
  DomainError,
  EVENT_ID_PATTERN,
  JOB_OBJECT_NAMES,
  TERMINAL_JOB_EVENTS,
  jobObjectKey,
  type JobEvent,
  type JobRecord,
} from '@remote-ocr/contracts';
import {
  APP_CONFIG,
  JOB_STORE,
  OBJECT_STORE,
  jobEvent,
  type AppConfig,
  type Principal,
} from '@remote-ocr/server';
import type { JobStore, ObjectStore } from '@remote-ocr/storage';
import type { Request, Response } from 'express';
import { findOwnedJob } from '../jobs/job-access.js';
import { EventHubService } from './event-hub.provider.js';
import { EventsMetrics } from './events-metrics.js';
import { SseSession, type Enrich } from './sse-session.js';

/** A slow client is cut off past this much unsent data (it resumes with Last-Event-ID). */
const MAX_BUFFERED_BYTES = 256 * 1024;

/** `Last-Event-ID` (header, or `last_event_id` for clients that reconnect by hand), validated. */
export function lastEventId(req: Request): string | null {
  const query = req.query.last_event_id;
  const raw = req.header('last-event-id') ?? (typeof query === 'string' ? query : undefined);
  if (raw === undefined || raw === '') return null;
  if (!EVENT_ID_PATTERN.test(raw)) {
    throw new DomainError(
      'validation_failed',
      'Invalid Last-Event-ID: expected an event id such as 1733230000000-0',
    );
  }
  return raw;
}

/** Serves the SSE routes: one job's events, or every job of a client. */
@Injectable()
export class JobEventsService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('JobEvents');
  private readonly sessions = new Set<SseSession>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(OBJECT_STORE) private readonly objects: ObjectStore,
    private readonly hub: EventHubService,
    private readonly metrics: EventsMetrics,
  ) {}

  /** Every event of one job from `Last-Event-ID` (or its start), live ones after; ends after the terminal one. */
  async streamJob(req: Request, res: Response, principal: Principal, jobId: string): Promise<void> {
    const job = await findOwnedJob(this.store, principal, jobId);
    const after = lastEventId(req) ?? '0-0';
    const session = this.open(res, 'job', true);
    let terminal = false;
    await this.follow(session, this.hub.keys.job(job.id), after, (event) => {
      terminal ||= TERMINAL_JOB_EVENTS.has(event.name);
    });
    if (!terminal && !session.closed) await this.sendFinalState(session, job);
  }

  /** Every event of a client's jobs from `Last-Event-ID` (or from now); stays open. */
  async streamClient(req: Request, res: Response, clientId: string): Promise<void> {
    const key = this.hub.keys.client(clientId);
    const after = lastEventId(req) ?? (await this.hub.hub.lastId(key));
    const session = this.open(res, 'client', false);
    await this.follow(session, key, after);
  }

  beforeApplicationShutdown(): void {
    for (const session of [...this.sessions]) session.close();
  }

  private open(res: Response, kind: string, endOnTerminal: boolean): SseSession {
    const session = new SseSession(
      res,
      { pingMs: this.config.events.pingMs, maxBufferedBytes: MAX_BUFFERED_BYTES, endOnTerminal },
      {
        onSent: (name) => this.metrics.sent.inc({ event: name }),
        onClose: (s) => {
          this.sessions.delete(s);
          this.metrics.open.dec({ stream: kind });
        },
      },
    );
    this.sessions.add(session);
    this.metrics.open.inc({ stream: kind });
    session.open();
    return session;
  }

  private async follow(
    session: SseSession,
    key: string,
    after: string,
    seen: (event: JobEvent) => void = () => undefined,
  ): Promise<void> {
    try {
      const unsubscribe = await this.hub.hub.subscribe(key, after, (event) => {
        seen(event);
        session.send(event, this.enrich);
      });
      session.attach(unsubscribe);
    } catch (err) {
      this.logger.warn({ err }, 'event stream unavailable');
      session.close();
    }
  }

  /** The stream no longer holds the job's end (expired, or older than events): say it from the row. */
  private async sendFinalState(session: SseSession, first: JobRecord): Promise<void> {
    const job = await this.store.jobs.get(first.id);
    if (!job) {
      session.send({ id: null, ...jobEvent('deleted', first, { deleted: true }) });
    } else if (job.status === 'done') {
      const payload = {
        status: 'done' as const,
        progress: job.progress,
        blocks_total: job.blocksTotal,
        blocks_done: job.blocksDone,
        blocks_failed: job.blocksFailed,
        error_message: job.errorMessage,
      };
      session.send({ id: null, ...jobEvent('done', job, payload) }, this.enrich);
    } else if (job.status === 'error') {
      const payload = {
        status: 'error' as const,
        error_code: job.errorCode,
        error_message: job.errorMessage,
      };
      session.send({ id: null, ...jobEvent('error', job, payload) });
    }
  }

  /** `done` carries a fresh signed link to result.zip. */
  private readonly enrich: Enrich = async (event) => {
    if (event.name !== 'done') return {};
    const key = jobObjectKey(event.data.job_id, JOB_OBJECT_NAMES.result_zip);
    const ttl = this.config.http.downloadTtlSeconds;
    return { download_url: await this.objects.downloadUrl(key, ttl, JOB_OBJECT_NAMES.result_zip) };
  };
}
