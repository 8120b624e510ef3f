import type { BlockAnswer, JobAnswer, OcrClient, WaitProgress } from '@remote-ocr/client';
import { useEffect, useState } from 'react';
import { loadPdf } from './components/pdf-page.js';
import type { WireBlock } from './geometry.js';
import type { LoadedPdf } from './pdf-render.js';
import { readResultZip, type JobResult } from './result-zip.js';

export interface JobData {
  job: JobAnswer | null;
  live: WaitProgress | null;
  result: JobResult | null;
  pdf: LoadedPdf | null;
  blocks: WireBlock[];
  results: Map<string, BlockAnswer>;
  error: unknown;
}

/** Every block result of a job (`GET /jobs/{id}/blocks`, pages of 1000). */
async function allBlockResults(client: OcrClient, id: string): Promise<Map<string, BlockAnswer>> {
  const out = new Map<string, BlockAnswer>();
  for (let offset = 0; ; offset += 1000) {
    const page = await client.getBlocks(id, { limit: 1000, offset });
    page.blocks.forEach((b) => out.set(b.block_id, b));
    if (page.blocks.length === 0 || offset + page.blocks.length >= page.total) return out;
  }
}

/**
 * One job for the job view: its state followed live until it finishes (`waitForJob`: events,
 * else long-poll), then its block results and result.zip (page, rectangles, texts, downloads).
 */
export function useJobData(client: OcrClient, id: string, reload: number): JobData {
  const [data, setData] = useState<JobData>({
    job: null,
    live: null,
    result: null,
    pdf: null,
    blocks: [],
    results: new Map(),
    error: null,
  });
  useEffect(() => {
    const abort = new AbortController();
    const set = (patch: Partial<JobData>) =>
      !abort.signal.aborted && setData((d) => ({ ...d, ...patch }));
    const load = async () => {
      set({ job: await client.getJob(id) });
      const job = await client.waitForJob(id, {
        signal: abort.signal,
        onProgress: (live) => set({ live }),
      });
      set({ job, results: await allBlockResults(client, id) });
      if (job.status !== 'done') return;
      const result = await readResultZip(await client.downloadResult(id, abort.signal));
      const pdf = await loadPdf(result.pdf.slice(0));
      const blocks = result.annotation.pages.flatMap((p) =>
        p.blocks.map((b) => ({ ...b, page_index: b.page_index ?? p.page_number })),
      );
      set({ result, pdf, blocks });
    };
    load().catch((error: unknown) => set({ error }));
    return () => abort.abort();
  }, [client, id, reload]);
  useEffect(() => () => void data.pdf?.destroy(), [data.pdf]);
  return data;
}
