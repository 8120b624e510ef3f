import type { JobStatus } from './job-status.js';

/**
 * Live job events (docs/events.md): what workers and api replicas publish to Redis streams and
 * what `GET /jobs/{id}/events` and `GET /jobs/events?client_id=…` send as server-sent events.
 * Names and payloads are a wire contract: add optional fields, never rename.
 */
export const JOB_EVENT_NAMES = [
  'created',
  'status',
  'progress',
  'block',
  'stalled',
  'recovered',
  'requeued',
  'error',
  'done',
  'deleted',
] as const;
export type JobEventName = (typeof JOB_EVENT_NAMES)[number];

/** After one of these a job's stream says nothing more; its SSE response ends. */
export const TERMINAL_JOB_EVENTS: ReadonlySet<JobEventName> = new Set(['done', 'error', 'deleted']);

/** Fields every event carries. */
export interface JobEventBase {
  job_id: string;
  client_id: string;
  /** When it was published (ISO-8601, `Z`). */
  at: string;
}

export interface JobEventPayloads {
  created: { status: JobStatus; document_id: string; document_name: string; task_name: string };
  status: { status: JobStatus; progress: number };
  progress: {
    progress: number;
    blocks_total: number;
    blocks_done: number;
    blocks_failed: number;
    eta_seconds: number | null;
    stage: string;
  };
  /** One finished block (never its text); `flags` only when the block result has them. */
  block: {
    block_id: string;
    part: number;
    status: 'done' | 'failed';
    text_length: number;
    flags?: string[];
  };
  stalled: { reason: string; worker: string | null };
  recovered: { worker: string | null };
  /** The job was put back on the queue by the sweeper (its queue entry was lost). */
  requeued: { reason: string };
  error: { status: 'error'; error_code: string | null; error_message: string | null };
  /** `download_url` is added by the api when it sends the event (links are signed per request). */
  done: {
    status: 'done';
    progress: number;
    blocks_total: number;
    blocks_done: number;
    blocks_failed: number;
    error_message: string | null;
    download_url?: string | null;
  };
  deleted: { deleted: true };
}

/** One event as published: its name and payload (the publisher stamps `at`). */
export type JobEventInput = {
  [N in JobEventName]: { name: N; data: JobEventBase & JobEventPayloads[N] };
}[JobEventName];

/** One event as read back from a stream: `id` is the stream entry id, the SSE `id:` line. */
export type JobEvent = JobEventInput & { id: string };

export function isJobEventName(value: unknown): value is JobEventName {
  return typeof value === 'string' && (JOB_EVENT_NAMES as readonly string[]).includes(value);
}

/** A Redis stream entry id (`<ms>-<seq>`): the only valid `Last-Event-ID`. */
export const EVENT_ID_PATTERN = /^\d{1,15}-\d{1,10}$/;

/** Orders two event ids; negative when `a` is older. */
export function compareEventIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number) as [number, number];
  const [bm, bs] = b.split('-').map(Number) as [number, number];
  return am === bm ? as - bs : am - bm;
}
