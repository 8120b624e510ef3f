import type { JobAnswer, JobStatus } from '@remote-ocr/contracts';
// The events module alone: the package root also carries the queue payload validators.
import { TERMINAL_JOB_EVENTS, isJobEventName } from '@remote-ocr/contracts/job-events';
import type { OcrClient } from './ocr-client.js';
import { readSse } from './sse-parser.js';

/** What `onProgress` gets: the job's status and progress, from an event or a poll. */
export interface WaitProgress {
  status: JobStatus;
  progress: number;
  blocks_total?: number;
  blocks_done?: number;
  blocks_failed?: number;
  /** Where it came from: the live event stream or a (long-)poll. */
  via: 'events' | 'poll';
}

export interface WaitOptions {
  onProgress?: (progress: WaitProgress) => void;
  signal?: AbortSignal;
  /** Gives up after this long (default 2 h, twice the server's default job time limit). */
  timeoutMs?: number;
  /** Use the SSE route when the server offers it (default true); else long-poll only. */
  useEvents?: boolean;
  /** Pause between polls when the server answers long-polls at once (older servers); 2 s. */
  pollIntervalMs?: number;
}

const FINISHED: ReadonlySet<JobStatus> = new Set(['done', 'error']);
const LONG_POLL_S = 30;

/**
 * Waits until a job is `done` or `error` and returns it. Follows `GET /jobs/{id}/events` while
 * the server offers it (the job's live events, docs/events.md); on any failure of the stream it
 * falls back to `GET /jobs/{id}?wait=&since=` long-polls, which older servers answer at once (then
 * it polls every `pollIntervalMs`). A deleted job ends the wait with `OcrNotFoundError`.
 */
export async function waitForJob(
  client: OcrClient,
  id: string,
  options: WaitOptions = {},
): Promise<JobAnswer> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 2 * 3600_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const report = (p: WaitProgress) => options.onProgress?.(p);
  let job = await client.getJob(id);
  report({ ...job, via: 'poll' });
  let useEvents = options.useEvents ?? true;
  while (!FINISHED.has(job.status)) {
    signal.throwIfAborted();
    if (useEvents) {
      try {
        await followEvents(client, id, report, signal);
        job = await client.getJob(id);
        continue;
      } catch (error) {
        if (signal.aborted) throw error;
        useEvents = false;
      }
    }
    job = await poll(client, job, options.pollIntervalMs ?? 2000, signal);
    report({ ...job, via: 'poll' });
  }
  return job;
}

/** Reads the job's event stream until a terminal event or the end of the stream. */
async function followEvents(
  client: OcrClient,
  id: string,
  report: (p: WaitProgress) => void,
  signal: AbortSignal,
): Promise<void> {
  const res = await client.openJobEvents(id, undefined, signal);
  if (!res.body || !(res.headers.get('content-type') ?? '').includes('text/event-stream')) {
    await res.body?.cancel();
    throw new Error('the server does not offer job events');
  }
  for await (const message of readSse(res.body)) {
    if (!isJobEventName(message.event)) continue;
    const data = JSON.parse(message.data) as Partial<WaitProgress>;
    if (typeof data.progress === 'number' && data.status === undefined) {
      report({ status: 'processing', ...data, progress: data.progress, via: 'events' });
    } else if (data.status !== undefined) {
      report({ progress: 0, ...data, status: data.status, via: 'events' });
    }
    if (TERMINAL_JOB_EVENTS.has(message.event)) return;
  }
}

async function poll(
  client: OcrClient,
  last: JobAnswer,
  intervalMs: number,
  signal: AbortSignal,
): Promise<JobAnswer> {
  const started = Date.now();
  const job = await client.getJob(last.id, { wait: LONG_POLL_S, since: last.updated_at, signal });
  const unchanged = job.updated_at === last.updated_at;
  if (unchanged && Date.now() - started < intervalMs) await pause(intervalMs, signal);
  return job;
}

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    });
  });
