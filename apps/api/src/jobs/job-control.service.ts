import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  JOB_OBJECT_NAMES,
  OCR_QUEUE,
  jobObjectKey,
  type JobRecord,
  type JobStatus,
} from '@remote-ocr/contracts';
import {
  APP_CONFIG,
  JOB_STORE,
  OBJECT_STORE,
  admitNewWork,
  checkJobInput,
  deleteJob,
  dequeueOcrJob,
  enqueueOcrJob,
  pickEngine,
  retryFailedBlocks,
  saveModelSettings,
  waitForRunToStop,
  type AppConfig,
  type Principal,
  type RetryOptions,
} from '@remote-ocr/server';
import {
  countBlockTypes,
  type BlockTypeCounts,
  type JobStore,
  type ObjectStore,
} from '@remote-ocr/storage';
import type { Queue } from 'bullmq';
import { findOwnedJob, jobNotFound } from './job-access.js';
import type { StartJobForm } from './job-forms.dto.js';
import { checkAllowedModels } from './model-policy.js';
import { readBlocksText, type UploadFiles, optionalFile } from './upload/upload-checks.js';

const RESULT_TYPES = ['annotation', 'result_md', 'result_zip', 'crop'] as const;
const RESTARTABLE: JobStatus[] = ['queued', 'processing', 'done', 'error', 'paused'];

const invalidState = (message: string): DomainError => new DomainError('invalid_state', message);

/** State changes of existing jobs; every transition is one guarded update in the database. */
@Injectable()
export class JobControlService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(OBJECT_STORE) private readonly objects: ObjectStore,
    @InjectQueue(OCR_QUEUE) private readonly queue: Queue,
  ) {}

  async start(principal: Principal, id: string, form: StartJobForm): Promise<JobRecord> {
    const job = await findOwnedJob(this.store, principal, id);
    if (job.status !== 'draft') throw invalidState(`Job is not a draft, status: ${job.status}`);
    const engine = pickEngine(this.config.engines, form.engine ?? job.engine);
    checkAllowedModels(this.config, form);
    await admitNewWork(this.queue, this.config.jobs.maxQueueSize);
    await saveModelSettings(this.store, id, form);
    const started = await this.store.jobs.transition(id, ['draft'], 'queued', {
      engine,
      progress: 0,
    });
    if (!started) throw invalidState(`Job is not a draft, status: ${await this.statusOf(id)}`);
    await enqueueOcrJob(this.queue, id);
    return started;
  }

  async pause(principal: Principal, id: string): Promise<JobRecord> {
    const job = await findOwnedJob(this.store, principal, id);
    const paused = await this.store.jobs.transition(id, ['queued', 'processing'], 'paused');
    if (!paused)
      throw invalidState(`Cannot pause job in status: ${await this.statusOf(id, job.status)}`);
    // A waiting run is dropped here; a running one sees `paused` and stops within its poll interval.
    await dequeueOcrJob(this.queue, id);
    return paused;
  }

  async resume(principal: Principal, id: string): Promise<JobRecord> {
    const job = await findOwnedJob(this.store, principal, id);
    const resumed = await this.store.jobs.transition(id, ['paused'], 'queued', {
      errorMessage: null,
      errorCode: null,
    });
    if (!resumed)
      throw invalidState(`Job is not paused, status: ${await this.statusOf(id, job.status)}`);
    await enqueueOcrJob(this.queue, id);
    return resumed;
  }

  async restart(principal: Principal, id: string, files: UploadFiles): Promise<JobRecord> {
    const job = await findOwnedJob(this.store, principal, id);
    if (job.status === 'draft')
      throw invalidState('Job is a draft; start it with POST /jobs/{id}/start');
    const newBlocks = optionalFile(files, 'blocks_file');
    const blocksText = newBlocks ? await readBlocksText(newBlocks) : null;
    const counts = blocksText === null ? null : await this.checkAgainstStoredPdf(id, blocksText);
    const restarted = await this.store.jobs.transition(id, RESTARTABLE, 'queued', {
      progress: 0,
      errorMessage: null,
      errorCode: null,
      startedAt: null,
      finishedAt: null,
    });
    if (!restarted)
      throw invalidState(`Cannot restart job in status: ${await this.statusOf(id, job.status)}`);
    await waitForRunToStop(this.queue, id);
    await this.clearPreviousRun(id, blocksText);
    if (counts) await this.store.blockStats.put(id, counts);
    await enqueueOcrJob(this.queue, id);
    return restarted;
  }

  async retryFailed(
    principal: Principal,
    id: string,
    options: RetryOptions = { includeFlagged: false },
  ): Promise<JobRecord> {
    const job = await findOwnedJob(this.store, principal, id);
    return retryFailedBlocks({ store: this.store, queue: this.queue }, job, options);
  }

  async rename(principal: Principal, id: string, taskName: string): Promise<JobRecord> {
    await findOwnedJob(this.store, principal, id);
    const renamed = await this.store.jobs.rename(id, taskName);
    if (!renamed) throw jobNotFound();
    return renamed;
  }

  /** Removes the queue entry, every stored object and every row of the job. */
  async delete(principal: Principal, id: string): Promise<void> {
    const job = await findOwnedJob(this.store, principal, id);
    await deleteJob(
      { store: this.store, objects: this.objects, queue: this.queue },
      id,
      job.status,
    );
  }

  private async statusOf(id: string, fallback?: JobStatus): Promise<string> {
    const job = await this.store.jobs.get(id);
    return job?.status ?? fallback ?? 'deleted';
  }

  /** Restart first clears the previous run: block results, result files and crops. */
  private async clearPreviousRun(id: string, blocksText: string | null): Promise<void> {
    await this.store.blockResults.resetAll(id);
    const old = await this.store.files.list(id, RESULT_TYPES);
    await Promise.all(old.map((f) => this.objects.delete(f.objectKey)));
    await this.store.files.deleteByType(id, RESULT_TYPES);
    if (blocksText === null) return;
    const key = jobObjectKey(id, JOB_OBJECT_NAMES.blocks);
    await this.objects.put(key, blocksText, { contentType: 'application/json' });
    await this.store.files.deleteByType(id, ['blocks']);
    await this.store.files.add({
      jobId: id,
      fileType: 'blocks',
      objectKey: key,
      fileName: JOB_OBJECT_NAMES.blocks,
      fileSize: Buffer.byteLength(blocksText),
    });
  }

  private async checkAgainstStoredPdf(id: string, blocksText: string): Promise<BlockTypeCounts> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'remote-ocr-restart-'));
    try {
      const pdfPath = path.join(dir, 'document.pdf');
      await this.objects.download(jobObjectKey(id, JOB_OBJECT_NAMES.pdf), pdfPath);
      const { blocks } = await checkJobInput(pdfPath, blocksText, this.config.http);
      return countBlockTypes(blocks);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
