import path from 'node:path';
import { JOB_OBJECT_NAMES, jobObjectKey } from '@remote-ocr/contracts';
import { parseBlocksFile, type Block, type JobSource } from '@remote-ocr/ocr-core';
import { readObjectText, type ObjectStore } from '@remote-ocr/storage';

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
    const text = await readObjectText(
      this.objects,
      jobObjectKey(this.jobId, JOB_OBJECT_NAMES.blocks),
    );
    return parseBlocksFile(text).blocks;
  }
}
