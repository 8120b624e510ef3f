import { readSse, type JobListAnswer, type OcrClient } from '@remote-ocr/client';
import { useCallback, useEffect, useRef, useState } from 'react';

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

/**
 * The jobs list, live: the client's event stream (`GET /jobs/events`, docs/events.md) moves the
 * progress bars and triggers a refetch on status changes; when the server has no stream or it
 * breaks, the list is polled every 5 s instead. Filters on document and client go to the server;
 * the status filter is applied here (the route has none).
 */
// eslint-disable-next-line max-lines-per-function -- one hook: the stream, its polling fallback and their cleanup share state
export function useLiveJobs(client: OcrClient, filters: ListFilters) {
  const [rows, setRows] = useState<JobListAnswer[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [mode, setMode] = useState<'live' | 'polling'>('polling');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const refresh = useCallback(async () => {
    try {
      const filter = {
        clientId: filters.client || undefined,
        documentId: filters.document || undefined,
        limit: 200,
      };
      setRows(await client.listJobs(filter));
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [client, filters.client, filters.document]);

  const refreshSoon = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void refresh(), REFRESH_DEBOUNCE_MS);
  }, [refresh]);

  useEffect(() => {
    const abort = new AbortController();
    void refresh();
    const follow = async () => {
      try {
        const res = await client.openClientEvents(
          filters.client || undefined,
          undefined,
          abort.signal,
        );
        setMode('live');
        for await (const msg of readSse(res.body!)) {
          if (msg.event === 'progress')
            setRows((r) => r && applyProgress(r, JSON.parse(msg.data) as Record<string, unknown>));
          else refreshSoon();
        }
      } catch {
        if (abort.signal.aborted) return;
      }
      if (abort.signal.aborted) return;
      setMode('polling');
      const poll = setInterval(() => void refresh(), POLL_MS);
      abort.signal.addEventListener('abort', () => clearInterval(poll));
    };
    void follow();
    return () => {
      abort.abort();
      clearTimeout(timer.current);
    };
  }, [client, filters.client, refresh, refreshSoon]);

  const shown = rows?.filter((r) => !filters.status || r.status === filters.status) ?? null;
  return { rows: shown, error, mode, refresh };
}
