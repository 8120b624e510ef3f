import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import JSZip from 'jszip';
import { fixturePdfPath, loadFixtureAnnotation } from '@remote-ocr/testing';
import type { ApiClient } from './api-client.js';
import { waitFor } from './processes.js';

export async function sha256File(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

export interface Fixture {
  name: string;
  pdf: string;
  documentId: string;
  annotation: ReturnType<typeof loadFixtureAnnotation>;
  blocks: Array<Record<string, any>>;
}

export async function fixture(name: string): Promise<Fixture> {
  const pdf = fixturePdfPath(`${name}.pdf`);
  const annotation = loadFixtureAnnotation(name);
  const blocks = annotation.pages.flatMap((p) => p.blocks) as Array<Record<string, any>>;
  return { name, pdf, documentId: await sha256File(pdf), annotation, blocks };
}

/** Polls the job until `accept` says yes; fails with the last seen job. */
export async function waitForJob(
  client: ApiClient,
  id: string,
  accept: (job: any) => boolean,
  timeoutMs = 120_000,
): Promise<any> {
  let last: any;
  try {
    return await waitFor(
      `job ${id}`,
      async () => {
        try {
          last = (await client.request('GET', `/jobs/${id}`)).body;
        } catch (error) {
          // A poll that meets a keep-alive socket the server has just closed ("other side
          // closed", seen once at load 12) is asked again, as any client would retry a GET.
          if (error instanceof TypeError && error.message === 'fetch failed') return null;
          throw error;
        }
        return accept(last) ? last : null;
      },
      timeoutMs,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last seen: ${JSON.stringify(last)}`, {
      cause: error,
    });
  }
}

export const isFinished = (job: any): boolean => job.status === 'done' || job.status === 'error';

/** Fetches the result URL the api hands out and opens the zip. */
export async function downloadResultZip(client: ApiClient, id: string): Promise<JSZip> {
  const { status, body } = await client.request('GET', `/jobs/${id}/result`);
  if (status !== 200) throw new Error(`result: ${status} ${JSON.stringify(body)}`);
  const res = await fetch(body.download_url);
  if (!res.ok) throw new Error(`download ${res.status}`);
  return JSZip.loadAsync(await res.arrayBuffer());
}
