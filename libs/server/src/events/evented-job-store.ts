import type { JobRecord } from '@remote-ocr/contracts';
import type { JobEventPublisher } from '@remote-ocr/ocr-core';
import type { JobRepository, JobStore, NewJob } from '@remote-ocr/storage';
import { jobEvent } from './redis-job-event-publisher.js';

/** The event a status change publishes: the terminal ones carry the outcome. */
function transitionEvent(job: JobRecord) {
  if (job.status === 'done') {
    return jobEvent('done', job, {
      status: 'done',
      progress: job.progress,
      blocks_total: job.blocksTotal,
      blocks_done: job.blocksDone,
      blocks_failed: job.blocksFailed,
      error_message: job.errorMessage,
    });
  }
  if (job.status === 'error') {
    return jobEvent('error', job, {
      status: 'error',
      error_code: job.errorCode,
      error_message: job.errorMessage,
    });
  }
  return jobEvent('status', job, { status: job.status, progress: job.progress });
}

/** The overridden writes; every other method passes through to the store's own repository. */
function eventedWrites(
  inner: JobRepository,
  events: JobEventPublisher,
): Pick<JobRepository, 'create' | 'transition' | 'delete'> {
  return {
    async create(job: NewJob): Promise<JobRecord> {
      const created = await inner.create(job);
      await events.publish(
        jobEvent('created', created, {
          status: created.status,
          document_id: created.documentId,
          document_name: created.documentName,
          task_name: created.taskName,
        }),
      );
      return created;
    },
    async transition(id, from, to, patch): Promise<JobRecord | null> {
      const job = await inner.transition(id, from, to, patch);
      if (job) await events.publish(transitionEvent(job));
      return job;
    },
    async delete(id: string): Promise<boolean> {
      const job = await inner.get(id);
      const deleted = await inner.delete(id);
      if (deleted && job) await events.publish(jobEvent('deleted', job, { deleted: true }));
      return deleted;
    },
  };
}

/** A proxy answering `overrides` first and the target's own (bound) members otherwise. */
function overlay<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(t, prop) {
      if (Object.hasOwn(overrides, prop)) return overrides[prop as keyof T];
      const value: unknown = Reflect.get(t, prop, t);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
    },
  });
}

/**
 * The store with its job repository publishing `created`, `status`/`done`/`error` and `deleted`
 * for every change that succeeded, whoever made it (api, worker, cli ops), so no call site can
 * forget an event. A proxy rather than a delegating class: methods added to the store later pass
 * through unchanged.
 */
export function withJobEvents(store: JobStore, events: JobEventPublisher): JobStore {
  const jobs = overlay(store.jobs, eventedWrites(store.jobs, events));
  return overlay(store, { jobs });
}
