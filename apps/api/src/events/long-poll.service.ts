import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { JobRecord } from '@remote-ocr/contracts';
import { JOB_STORE, type Principal } from '@remote-ocr/server';
import type { JobStore } from '@remote-ocr/storage';
import type { Response } from 'express';
import { findOwnedJob } from '../jobs/job-access.js';
import { EventHubService } from './event-hub.provider.js';

/** Re-check at least this often while waiting (changes that publish no event, e.g. a rename). */
const RECHECK_MS = 2000;

export interface Check<T> {
  changed: boolean;
  value: T;
}

/**
 * Long-poll (`?wait=`): answers as soon as what the client watches changed, woken by the event
 * streams instead of polling the database; after the wait it answers the unchanged state (200,
 * so old clients and `fetch` need nothing special). A client that goes away ends the wait.
 */
@Injectable()
export class LongPollService implements BeforeApplicationShutdown {
  /** Aborted at shutdown: every wait answers at once, so the server can close. */
  private readonly shutdown = new AbortController();

  constructor(
    @Inject(JOB_STORE) private readonly store: JobStore,
    private readonly hub: EventHubService,
  ) {}

  /** `GET /jobs/{id}?wait=&since=`: the job once its `updated_at` is past `since`. */
  job(res: Response, principal: Principal, id: string, waitS: number, since?: string) {
    let sinceMs = since ? Date.parse(since) : null;
    return this.waitFor<JobRecord>(res, this.hub.keys.job(id), waitS * 1000, async () => {
      const job = await findOwnedJob(this.store, principal, id);
      sinceMs ??= job.updatedAt.getTime();
      return { changed: job.updatedAt.getTime() > sinceMs, value: job };
    });
  }

  /** `GET /jobs?…&wait=&since=`: the list once any of its jobs changed after `since`. */
  list(
    res: Response,
    key: string,
    waitS: number,
    since: string | undefined,
    read: () => Promise<string>,
  ) {
    let sinceMs = since ? Date.parse(since) : null;
    return this.waitFor<string>(res, key, waitS * 1000, async () => {
      const json = await read();
      const newest = newestUpdate(json);
      sinceMs ??= newest;
      return { changed: newest > sinceMs, value: json };
    });
  }

  beforeApplicationShutdown(): void {
    this.shutdown.abort();
  }

  private async waitFor<T>(
    res: Response,
    key: string,
    waitMs: number,
    check: () => Promise<Check<T>>,
  ): Promise<T> {
    const deadline = Date.now() + waitMs;
    const gone = new AbortController();
    const onClose = () => gone.abort();
    res.on('close', onClose);
    const ended = AbortSignal.any([gone.signal, this.shutdown.signal]);
    let wake: (() => void) | null = null;
    let woken = false;
    const unsubscribe = await this.hub.hub.subscribe(key, await this.hub.hub.lastId(key), () => {
      woken = true;
      wake?.();
    });
    try {
      for (;;) {
        const result = await check();
        const left = deadline - Date.now();
        if (result.changed || left <= 0 || ended.aborted) return result.value;
        await sleepUntilWoken(Math.min(left, RECHECK_MS), ended, (resolve) => {
          wake = resolve;
          if (woken) resolve();
        });
        woken = false;
        wake = null;
      }
    } finally {
      unsubscribe();
      res.off('close', onClose);
    }
  }
}

function sleepUntilWoken(
  ms: number,
  signal: AbortSignal,
  arm: (resolve: () => void) => void,
): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    arm(done);
  });
}

/** The newest `updated_at` of a `GET /jobs` answer, ms (0 for an empty list). */
function newestUpdate(json: string): number {
  const items = JSON.parse(json) as { updated_at?: string }[];
  return items.reduce((max, item) => Math.max(max, Date.parse(item.updated_at ?? '') || 0), 0);
}
