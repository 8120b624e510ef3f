import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  JOB_OBJECT_NAMES,
  OCR_QUEUE,
  jobObjectKey,
  jobPrefix,
  type EngineName,
  type JobRecord,
} from '@remote-ocr/contracts';
import {
  APP_CONFIG,
  JOB_STORE,
  OBJECT_STORE,
  admitNewWork,
  checkJobInput,
  discardJob,
  enqueueOcrJob,
  pickEngine,
  saveModelSettings,
  type AppConfig,
  type Principal,
} from '@remote-ocr/server';
import {
  countBlockTypes,
  type BlockTypeCounts,
  type JobStore,
  type ObjectStore,
} from '@remote-ocr/storage';
import type { Queue } from 'bullmq';
import { JobWebhooksService } from '../webhooks/job-webhooks.service.js';
import type { CreateDraftForm, CreateJobForm } from './job-forms.dto.js';
import { ownerOf } from './job-access.js';
import { checkAllowedModels } from './model-policy.js';
import {
  checkDocumentId,
  readBlocksText,
  requireFile,
  type UploadFiles,
} from './upload/upload-checks.js';

interface NewJobInput {
  status: 'queued' | 'draft';
  clientId: string;
  form: CreateJobForm | CreateDraftForm;
  engine: EngineName;
  pdfPath: string;
  pdfSize: number;
  blocksText: string;
  counts: BlockTypeCounts;
  callbackUrl?: string;
}

/** A new job, with the secret of its `callback_url` when it named one (shown only now). */
export type CreatedJob = JobRecord & { webhookSecret?: string };

/** Creates jobs: validates every input first, then stores objects, rows and the queue entry. */
@Injectable()
export class JobIntakeService {
  private readonly logger = new Logger(JobIntakeService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(OBJECT_STORE) private readonly objects: ObjectStore,
    @InjectQueue(OCR_QUEUE) private readonly queue: Queue,
    private readonly webhooks: JobWebhooksService,
  ) {}

  async create(principal: Principal, form: CreateJobForm, files: UploadFiles): Promise<CreatedJob> {
    const pdf = requireFile(files, 'pdf');
    const blocksFile = requireFile(files, 'blocks_file');
    const clientId = ownerOf(principal, form.client_id);
    const engine = pickEngine(this.config.engines, form.engine);
    checkAllowedModels(this.config, form);
    await admitNewWork(this.queue, this.config.jobs.maxQueueSize);
    checkDocumentId(pdf, form.document_id);
    const blocksText = await readBlocksText(blocksFile);
    return this.checkAndPersist('queued', { clientId, form, engine, blocksText }, pdf);
  }

  async createDraft(
    principal: Principal,
    form: CreateDraftForm,
    files: UploadFiles,
  ): Promise<CreatedJob> {
    const pdf = requireFile(files, 'pdf');
    const clientId = ownerOf(principal, form.client_id);
    const engine = pickEngine(this.config.engines, form.engine);
    checkAllowedModels(this.config, form);
    checkDocumentId(pdf, form.document_id);
    const blocksText = form.annotation_json;
    return this.checkAndPersist('draft', { clientId, form, engine, blocksText }, pdf);
  }

  /** The checks that need the PDF (blocks against its pages, the callback URL), then `persist`. */
  private async checkAndPersist(
    status: NewJobInput['status'],
    input: Pick<NewJobInput, 'clientId' | 'form' | 'engine' | 'blocksText'>,
    pdf: Express.Multer.File,
  ): Promise<CreatedJob> {
    const { blocks } = await checkJobInput(pdf.path, input.blocksText, this.config.http);
    const counts = countBlockTypes(blocks);
    const callbackUrl = await this.webhooks.check(input.form.callback_url);
    return this.persist({
      ...input,
      status,
      counts,
      callbackUrl,
      pdfPath: pdf.path,
      pdfSize: pdf.size,
    });
  }

  private async persist(input: NewJobInput): Promise<CreatedJob> {
    const id = randomUUID();
    try {
      await this.storeObjects(id, input);
      const job = await this.store.jobs.create({
        id,
        clientId: input.clientId,
        documentId: input.form.document_id.toLowerCase(),
        documentName: input.form.document_name,
        taskName: input.form.task_name ?? '',
        status: input.status,
        engine: input.engine,
        r2Prefix: jobPrefix(id),
      });
      await this.recordFiles(id, input);
      await this.store.blockStats.put(id, input.counts);
      await saveModelSettings(this.store, id, input.form);
      // Before the queue entry, so the job's first event already finds its callback.
      const webhookSecret = input.callbackUrl
        ? await this.webhooks.attach(id, input.callbackUrl)
        : undefined;
      if (input.status === 'queued') await enqueueOcrJob(this.queue, id);
      return { ...job, webhookSecret };
    } catch (error) {
      await this.discard(id);
      throw error;
    }
  }

  private async storeObjects(id: string, input: NewJobInput): Promise<void> {
    await this.objects.putFile(jobObjectKey(id, JOB_OBJECT_NAMES.pdf), input.pdfPath, {
      contentType: 'application/pdf',
    });
    await this.objects.put(jobObjectKey(id, JOB_OBJECT_NAMES.blocks), input.blocksText, {
      contentType: 'application/json',
    });
  }

  private async recordFiles(id: string, input: NewJobInput): Promise<void> {
    const { pdf, blocks } = JOB_OBJECT_NAMES;
    await this.store.files.add({
      jobId: id,
      fileType: 'pdf',
      objectKey: jobObjectKey(id, pdf),
      fileName: pdf,
      fileSize: input.pdfSize,
    });
    await this.store.files.add({
      jobId: id,
      fileType: 'blocks',
      objectKey: jobObjectKey(id, blocks),
      fileName: blocks,
      fileSize: Buffer.byteLength(input.blocksText),
    });
  }

  /** Best-effort removal of everything a failed creation may have left. */
  private async discard(id: string): Promise<void> {
    for (const err of await discardJob({ store: this.store, objects: this.objects }, id))
      this.logger.warn({ jobId: id, err }, 'cleanup after failed create');
  }
}
