import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  OcrClient,
  type CreatedJobAnswer,
  type EngineName,
  type JobAnswer,
} from '@remote-ocr/client';
import { downloadResultToFile, prepareUpload } from '@remote-ocr/client/node';
import { CliError } from '../common/cli-error.js';
import type { SubmitProgressView } from './submit-progress.js';

export interface SubmitOptions {
  pdf: string;
  blocks: string;
  server: string;
  key?: string;
  clientId: string;
  taskName?: string;
  engine?: EngineName;
  out?: string;
  wait: boolean;
}

export interface SubmitResult {
  job: JobAnswer | CreatedJobAnswer;
  resultFile: string | null;
}

async function readBlocks(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read --blocks ${file}: ${error.code ?? error.message}`);
  });
  try {
    JSON.parse(text);
  } catch {
    throw new CliError(`--blocks ${file} is not valid JSON`);
  }
  return text;
}

/**
 * `submit`: uploads a PDF and its blocks to a server through `@remote-ocr/client`, waits for the
 * job (live events, else polling) and downloads result.zip next to the PDF (or to `--out`).
 */
export async function runSubmit(
  o: SubmitOptions,
  view: SubmitProgressView,
  signal?: AbortSignal,
): Promise<SubmitResult> {
  const blocks = await readBlocks(o.blocks);
  const upload = await prepareUpload(o.pdf).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${o.pdf}: ${error.code ?? error.message}`);
  });
  const client = new OcrClient({ baseUrl: o.server, apiKey: o.key });
  const created = await client.createJob(
    {
      clientId: o.clientId,
      documentName: path.basename(o.pdf),
      documentId: upload.sha256,
      taskName: o.taskName,
      engine: o.engine,
      pdf: upload.blob,
      blocks,
    },
    { onUploadProgress: (p) => view.upload(p), signal },
  );
  if (!o.wait) return { job: created, resultFile: null };
  const job = await client.waitForJob(created.id, { onProgress: (p) => view.job(p), signal });
  view.stop();
  if (job.status !== 'done') {
    throw new CliError(`job ${job.id} ended ${job.status}: ${job.error_message ?? 'no message'}`);
  }
  const out = o.out ?? `${o.pdf.replace(/\.pdf$/i, '')}.result.zip`;
  await downloadResultToFile(client, job.id, out, signal);
  return { job, resultFile: out };
}
