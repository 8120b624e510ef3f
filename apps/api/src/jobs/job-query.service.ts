import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, JOB_OBJECT_NAMES, jobObjectKey, type JobRecord } from '@remote-ocr/contracts';
import { parseBlocksFile } from '@remote-ocr/ocr-core';
import {
  APP_CONFIG,
  JOB_STORE,
  OBJECT_STORE,
  type AppConfig,
  type Principal,
} from '@remote-ocr/server';
import {
  countBlockTypes,
  readObjectText,
  type BlockTypeCounts,
  type JobStore,
  type ObjectStore,
} from '@remote-ocr/storage';
import { findOwnedJob } from './job-access.js';
import type { ListJobsQuery } from './job-forms.dto.js';
import { detailsView, type BlockStats } from './job-views.js';

const EMPTY_STATS: BlockStats = { total: 0, text: 0, table: 0, image: 0, grouped: 0 };

/** Read side of the api: list, one job, details, result link. */
@Injectable()
export class JobQueryService {
  private readonly logger = new Logger(JobQueryService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(OBJECT_STORE) private readonly objects: ObjectStore,
  ) {}

  /** The `GET /jobs` answer as JSON text, built by the store. */
  listJson(principal: Principal, query: ListJobsQuery): Promise<string> {
    return this.store.jobs.listJson({
      clientId: principal.kind === 'client' ? principal.clientId : query.client_id || undefined,
      documentId: query.document_id?.toLowerCase() || undefined,
      limit: Math.min(Math.max(Number(query.limit ?? 500), 1), 5000),
      offset: Number(query.offset ?? 0),
    });
  }

  get(principal: Principal, id: string): Promise<JobRecord> {
    return findOwnedJob(this.store, principal, id);
  }

  async details(principal: Principal, id: string) {
    const job = await findOwnedJob(this.store, principal, id);
    const [settings, files, stats] = await Promise.all([
      this.store.settings.get(id),
      this.store.files.list(id),
      this.blockStats(job),
    ]);
    return detailsView(job, stats, settings, files, this.objects.publicBaseUrl());
  }

  async resultUrl(
    principal: Principal,
    id: string,
  ): Promise<{ download_url: string; file_name: string }> {
    const job = await findOwnedJob(this.store, principal, id);
    if (job.status !== 'done')
      throw new DomainError('invalid_state', `Job not ready, status: ${job.status}`);
    const [zip] = await this.store.files.list(id, ['result_zip']);
    if (!zip) throw new DomainError('not_found', 'Result file not found');
    const url = await this.objects.downloadUrl(
      zip.objectKey,
      this.config.http.downloadTtlSeconds,
      JOB_OBJECT_NAMES.result_zip,
    );
    return { download_url: url, file_name: JOB_OBJECT_NAMES.result_zip };
  }

  /**
   * Block counts stored when the blocks were accepted. Jobs created before the counts were
   * stored have none: their blocks file is counted once and the counts kept.
   */
  private async blockStats(job: JobRecord): Promise<BlockStats> {
    try {
      const counts = (await this.store.blockStats.get(job.id)) ?? (await this.backfill(job.id));
      return { ...counts, grouped: counts.text + counts.table };
    } catch (error) {
      this.logger.warn({ jobId: job.id, err: error }, 'block stats unavailable');
      return EMPTY_STATS;
    }
  }

  private async backfill(jobId: string): Promise<BlockTypeCounts> {
    const text = await readObjectText(this.objects, jobObjectKey(jobId, JOB_OBJECT_NAMES.blocks));
    const counts = countBlockTypes(parseBlocksFile(text).blocks);
    await this.store.blockStats.put(jobId, counts);
    return counts;
  }
}
