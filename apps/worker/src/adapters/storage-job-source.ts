import path from 'node:path';
import { JOB_OBJECT_NAMES, jobObjectKey } from '@remote-ocr/contracts';
import { parseBlocksFile, type Block, type JobSource } from '@remote-ocr/ocr-core';
import type { ObjectStore } from '@remote-ocr/storage';

async function readText(objects: ObjectStore, key: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await objects.getStream(key))
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks).toString('utf8');
}

/** The job's PDF (downloaded to the run's temp dir) and blocks, from the object store. */
export class StorageJobSource implements JobSource {
  constructor(
    private readonly objects: ObjectStore,
    private readonly jobId: string,
    private readonly workDir: string,
  ) {}

  async fetchPdf(): Promise<string> {
    const target = path.join(this.workDir, JOB_OBJECT_NAMES.pdf);
    await this.objects.download(jobObjectKey(this.jobId, JOB_OBJECT_NAMES.pdf), target);
    return target;
  }

  async fetchBlocks(): Promise<Block[]> {
    const text = await readText(this.objects, jobObjectKey(this.jobId, JOB_OBJECT_NAMES.blocks));
    return parseBlocksFile(text).blocks;
  }
}
