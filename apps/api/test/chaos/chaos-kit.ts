import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { blockMarker } from '@remote-ocr/ocr-core';
import { goodBlocks, sha256, textPdf } from '../security/pdf-samples.js';
import { isFinished, waitForJob } from '../e2e/helpers.js';
import type { ApiClient } from '../e2e/api-client.js';
import { FakeOpenRouterServer } from '@remote-ocr/testing';
import { Stack } from '../e2e/stack.js';

/** Chaos specs run only through `npm run chaos` (tools/chaos.mjs sets this); they take minutes. */
export const describeChaos = process.env.REMOTE_OCR_CHAOS === '1' ? describe : describe.skip;

/** Prints a figure of the run (chaos tests report, they do not time-assert). */
export function figure(name: string, value: unknown): void {
  process.stdout.write(`[chaos] ${name}: ${JSON.stringify(value)}\n`);
}

/** What the chaos and cluster specs run against. */
export interface ChaosRig {
  fake: FakeOpenRouterServer;
  stack: Stack;
}

/**
 * Starts the built api and `workers` built workers (2 unless said) on the disk store against a
 * fake OpenRouter (started here with `latencyMs`, or given), one engine slot per job and strips
 * of 800 px unless `env` says otherwise.
 */
export async function startChaosRig(options: {
  latencyMs?: number;
  fake?: FakeOpenRouterServer;
  workers?: number;
  env?: Record<string, string>;
}): Promise<ChaosRig> {
  const fake =
    options.fake ?? (await FakeOpenRouterServer.start({ latencyMs: options.latencyMs ?? 250 }));
  try {
    const stack = await Stack.start({
      storage: 'disk',
      workers: options.workers ?? 2,
      env: {
        OPENROUTER_API_KEY: 'sk-fake',
        OPENROUTER_BASE_URL: fake.url,
        JOB_ENGINE_CONCURRENCY: '1',
        STRIP_MAX_HEIGHT: '800',
        ...options.env,
      },
    });
    return { fake, stack };
  } catch (error) {
    await fake.close();
    throw error;
  }
}

/** Stops what `startChaosRig` started (either part may be missing after a failed start). */
export async function stopChaosRig(rig: Partial<ChaosRig>): Promise<void> {
  await rig.stack?.stop();
  await rig.fake?.close();
}

/** A document for chaos runs: `pages` pages with `perPage` text blocks each, ids unique per tag. */
export interface ChaosDoc {
  pdf: Uint8Array;
  documentId: string;
  blocks: Array<Record<string, unknown>>;
}

export async function chaosDoc(tag: string, pages = 6, perPage = 3): Promise<ChaosDoc> {
  const pdf = await textPdf(pages);
  const [template] = goodBlocks(1);
  const blocks = [];
  for (let p = 0; p < pages; p++) {
    for (let b = 0; b < perPage; b++) {
      const top = 0.05 + b * 0.3;
      blocks.push({
        ...template,
        id: `${tag}-p${p}-b${b}`,
        page_index: p,
        coords_norm: [0.1, top, 0.9, top + 0.2],
        coords_px: [248, Math.round(top * 3508), 2232, Math.round((top + 0.2) * 3508)],
      });
    }
  }
  return { pdf, documentId: sha256(pdf), blocks };
}

/** Creates a job of `doc` through the api; returns its id. */
export async function submit(client: ApiClient, doc: ChaosDoc, name: string): Promise<string> {
  const form = new FormData();
  form.append('client_id', 'chaos');
  form.append('document_id', doc.documentId);
  form.append('document_name', `${name}.pdf`);
  // every block through the fake model (the default `auto` would read text layers itself)
  form.append('engine', 'openrouter');
  form.append('pdf', new Blob([Buffer.from(doc.pdf)], { type: 'application/pdf' }), 'doc.pdf');
  form.append('blocks_file', new Blob([JSON.stringify(doc.blocks)]), 'blocks.json');
  const res = await client.request('POST', '/jobs', form);
  if (res.status !== 200)
    throw new Error(`create ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

export const markerOf = (id: string): string => blockMarker(id);

/**
 * What the fake engine says of a block: `text of <its label>`, or for a block split into windows
 * for height (STRIP_MAX_HEIGHT), each window's `text of <label of id#k>` on its own line, in order.
 */
export function fakeTextOf(blockId: string, text: string): string {
  const lines = text.split('\n');
  if (lines.length < 2) return `text of ${markerOf(blockId)}`;
  return lines.map((_, k) => `text of ${markerOf(`${blockId}#${k}`)}`).join('\n');
}

/** Block markers a recorded chat call asked about (read from its user prompt). */

/** Waits for every job to finish, failing with the stack's logs. */
export async function waitAll(stack: Stack, ids: string[], timeoutMs: number): Promise<any[]> {
  try {
    return await Promise.all(ids.map((id) => waitForJob(stack.client, id, isFinished, timeoutMs)));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${stack.logs()}`, { cause: error });
  }
}

/** Texts of a job's blocks by block id, from its stored annotation.json (disk store). */
export async function resultTexts(stack: Stack, jobId: string): Promise<Record<string, string>> {
  const file = path.join(stack.dataDir, 'objects', 'ocr_jobs', jobId, 'annotation.json');
  const doc = JSON.parse(await readFile(file, 'utf8'));
  const out: Record<string, string> = {};
  for (const page of doc.pages) for (const b of page.blocks) out[b.id] = b.ocr_text;
  return out;
}

/** Object keys of the disk store under `ocr_jobs/`. */
export async function storedKeys(stack: Stack): Promise<string[]> {
  const root = path.join(stack.dataDir, 'objects');
  const entries = await readdir(path.join(root, 'ocr_jobs'), {
    recursive: true,
    withFileTypes: true,
  }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && !e.name.endsWith('.partial'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
