import { readSse, type JobListAnswer, type ListFilter, type OcrClient } from '@remote-ocr/client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

export interface ListFilters {
  status: string;
  document: string;
  client: string;
}

const POLL_MS = 5000;
const REFRESH_DEBOUNCE_MS = 300;

/** Applies one `progress` event to the row of its job, so bars move without a refetch. */
function applyProgress(rows: JobListAnswer[], data: Record<string, unknown>): JobListAnswer[] {
  return rows.map((r) =>
    r.id === data.job_id
      ? {
          ...r,
          status: r.status === 'queued' ? 'processing' : r.status,
          progress: Number(data.progress ?? r.progress),
          blocks_total: Number(data.blocks_total ?? r.blocks_total),
          blocks_done: Number(data.blocks_done ?? r.blocks_done),
          blocks_failed: Number(data.blocks_failed ?? r.blocks_failed),
          eta_seconds: (data.eta_seconds as number | null) ?? null,
        }
      : r,
  );
}

const LONG_POLL_S = 25;
const MIN_ROUND_MS = 2000;
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

const newest = (rows: JobListAnswer[]): string | undefined =>
  rows.reduce<string | undefined>((m, r) => (!m || r.updated_at > m ? r.updated_at : m), undefined);

/**
 * Long-polls of the list (`GET /jobs?wait=&since=`, docs/events.md): the server answers as soon
 * as a listed job changes. A round takes at least 2 s, so a server that ignores `wait` is polled,
 * not hammered; errors wait 5 s.
 */
async function longPoll(
  client: OcrClient,
  filter: ListFilter,
  signal: AbortSignal,
  onRows: (rows: JobListAnswer[]) => void,
): Promise<void> {
  let since: string | undefined;
  while (!signal.aborted) {
    const started = Date.now();
    try {
      const rows = await client.listJobs(filter, { wait: LONG_POLL_S, since, signal });
      onRows(rows);
      since = newest(rows) ?? since;
      await sleep(MIN_ROUND_MS - (Date.now() - started), signal);
    } catch {
      await sleep(POLL_MS, signal);
    }
  }
}

/**
 * The jobs list, live: with a client id (or a client key) the client's event stream
 * (`GET /jobs/events`, docs/events.md) moves the progress bars and triggers a refetch on status
 * changes; without one, or when the stream breaks, long-polls of the list follow it instead.
 * Filters on document and client go to the server; the status filter is applied here (the route
 * has none).
 */
// eslint-disable-next-line max-lines-per-function -- one hook: the stream, its long-poll fallback and their cleanup share state
export function useLiveJobs(client: OcrClient, filters: ListFilters) {
  const [rows, setRows] = useState<JobListAnswer[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [mode, setMode] = useState<'live' | 'polling'>('polling');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const filter: ListFilter = useMemo(
    () => ({
      clientId: filters.client || undefined,
      documentId: filters.document || undefined,
      limit: 200,
    }),
    [filters.client, filters.document],
  );

  const refresh = useCallback(async () => {
    try {
      setRows(await client.listJobs(filter));
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [client, filter]);

  const refreshSoon = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void refresh(), REFRESH_DEBOUNCE_MS);
  }, [refresh]);

  useEffect(() => {
    const abort = new AbortController();
    void refresh();
    const follow = async () => {
      try {
        const res = await client.openClientEvents(filter.clientId, undefined, abort.signal);
        setMode('live');
        for await (const msg of readSse(res.body!)) {
          if (msg.event !== 'progress') refreshSoon();
          else
            setRows((r) => r && applyProgress(r, JSON.parse(msg.data) as Record<string, unknown>));
        }
      } catch {
        // no stream for this key and filter, or it broke: long-poll instead
      }
      if (abort.signal.aborted) return;
      setMode('polling');
      await longPoll(client, filter, abort.signal, (r) => {
        setRows(r);
        setError(null);
      });
    };
    void follow();
    return () => {
      abort.abort();
      clearTimeout(timer.current);
    };
  }, [client, filter, refresh, refreshSoon]);

  const shown = rows?.filter((r) => !filters.status || r.status === filters.status) ?? null;
  return { rows: shown, error, mode, refresh };
}
