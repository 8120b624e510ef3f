import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Idempotent } from './idempotency/idempotent.decorator.js';
import type { Response } from 'express';
import type { AuthedRequest } from '../common/api-key.guard.js';
import { JobLiveService } from '../events/job-live.service.js';
import { WaitQuery } from '../events/wait-query.dto.js';
import { principalOf } from '../common/principal.js';
import { CleanupUploadsInterceptor, uploadInterceptor } from './upload/upload.interceptor.js';
import {
  CREATE_DRAFT_FIELDS,
  CREATE_JOB_FIELDS,
  RENAME_JOB_FIELDS,
  RESTART_JOB_FIELDS,
  RESUME_JOB_FIELDS,
  START_JOB_FIELDS,
} from './upload/form-fields.js';
import { maxCostOf } from './costs/cost-fields.dto.js';
import { JobCostsService } from './costs/job-costs.service.js';
import {
  CreateDraftForm,
  CreateJobForm,
  ListJobsQuery,
  RenameJobForm,
  RestartJobForm,
  ResumeJobForm,
  StartJobForm,
} from './job-forms.dto.js';
import { RetryFailedBody, RetryFailedQuery } from './job-blocks.dto.js';
import { JobBlocksService } from './job-blocks.service.js';
import { JobControlService } from './job-control.service.js';
import { JobIntakeService } from './job-intake.service.js';
import { JobQueryService } from './job-query.service.js';
import { createdView } from './job-views.js';
import { withWebhookSecret } from '../webhooks/job-webhooks.service.js';
import type { UploadFiles } from './upload/upload-checks.js';

/** The job routes of docs/contract.md §2, field names and shapes exactly as existing clients expect. */
@ApiTags('jobs')
@ApiSecurity('api-key')
@Controller('jobs')
export class JobsController {
  constructor(
    private readonly intake: JobIntakeService,
    private readonly control: JobControlService,
    private readonly query: JobQueryService,
    private readonly live: JobLiveService,
    private readonly blocks: JobBlocksService,
    private readonly costs: JobCostsService,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Create a job from a PDF and its blocks; it is queued at once' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: CreateJobForm })
  @Idempotent()
  @UseInterceptors(
    uploadInterceptor(['pdf', 'blocks_file'], CREATE_JOB_FIELDS),
    CleanupUploadsInterceptor,
  )
  async create(
    @Req() req: AuthedRequest,
    @Body() form: CreateJobForm,
    @UploadedFiles() files: UploadFiles,
  ) {
    return withWebhookSecret(createdView, await this.intake.create(principalOf(req), form, files));
  }

  @Post('draft')
  @HttpCode(200)
  @ApiOperation({ summary: 'Store a PDF and its annotation as a draft, to start later' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: CreateDraftForm })
  @Idempotent()
  @UseInterceptors(uploadInterceptor(['pdf'], CREATE_DRAFT_FIELDS), CleanupUploadsInterceptor)
  async createDraft(
    @Req() req: AuthedRequest,
    @Body() form: CreateDraftForm,
    @UploadedFiles() files: UploadFiles,
  ) {
    const job = await this.intake.createDraft(principalOf(req), form, files);
    return withWebhookSecret(createdView, job);
  }

  @Get()
  @ApiOperation({ summary: 'List jobs, newest first (a plain JSON array)' })
  @Header('Content-Type', 'application/json; charset=utf-8')
  list(
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) res: Response,
    @Query() query: ListJobsQuery,
  ): Promise<string> {
    // The store's JSON goes out as is (the clients poll this route; see JobRepository.listJson).
    const read = () => this.query.listJson(principalOf(req), query);
    return this.live.list(res, principalOf(req), query, read);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One job; with `wait` a long-poll (docs/events.md)' })
  async get(
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) res: Response,
    @Param('id') id: string,
    @Query() wait: WaitQuery,
  ) {
    const view = await this.live.job(res, principalOf(req), id, wait, () =>
      this.query.get(principalOf(req), id),
    );
    const usage = await this.costs.usageOf(view.id);
    return { ...view, blocks_flagged: await this.blocks.countFlagged(view.id), usage };
  }

  @Get(':id/details')
  async details(@Req() req: AuthedRequest, @Param('id') id: string) {
    const view = await this.query.details(principalOf(req), id);
    const usage = await this.costs.usageOf(view.id);
    return { ...view, blocks_flagged: await this.blocks.countFlagged(view.id), usage };
  }

  @Get(':id/result')
  @ApiOperation({ summary: 'A download URL of result.zip, valid for at least one hour' })
  result(@Req() req: AuthedRequest, @Param('id') id: string) {
    return this.query.resultUrl(principalOf(req), id);
  }

  @Patch(':id')
  @ApiConsumes('application/x-www-form-urlencoded', 'multipart/form-data')
  @UseInterceptors(uploadInterceptor([], RENAME_JOB_FIELDS), CleanupUploadsInterceptor)
  async rename(@Req() req: AuthedRequest, @Param('id') id: string, @Body() form: RenameJobForm) {
    const job = await this.control.rename(principalOf(req), id, form.task_name);
    return { ok: true, job_id: job.id, task_name: job.taskName };
  }

  @Post(':id/start')
  @HttpCode(200)
  @ApiConsumes('application/x-www-form-urlencoded', 'multipart/form-data')
  @UseInterceptors(uploadInterceptor([], START_JOB_FIELDS), CleanupUploadsInterceptor)
  async start(@Req() req: AuthedRequest, @Param('id') id: string, @Body() form: StartJobForm) {
    if (form.dry_run === 'true') {
      const estimate = await this.control.estimateDraft(principalOf(req), id, form);
      return { ok: true, job_id: id, status: 'draft', dry_run: true, estimate };
    }
    const job = await this.control.start(principalOf(req), id, form);
    return { ok: true, job_id: job.id, status: job.status };
  }

  @Post(':id/pause')
  @HttpCode(200)
  async pause(@Req() req: AuthedRequest, @Param('id') id: string) {
    const job = await this.control.pause(principalOf(req), id);
    return { ok: true, job_id: job.id, status: job.status };
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiConsumes('application/x-www-form-urlencoded', 'multipart/form-data')
  @UseInterceptors(uploadInterceptor([], RESUME_JOB_FIELDS), CleanupUploadsInterceptor)
  async resume(@Req() req: AuthedRequest, @Param('id') id: string, @Body() form: ResumeJobForm) {
    const job = await this.control.resume(principalOf(req), id, maxCostOf(form?.max_cost));
    return { ok: true, job_id: job.id, status: job.status };
  }

  @Post(':id/restart')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: RestartJobForm, required: false })
  @Idempotent()
  @UseInterceptors(
    uploadInterceptor(['blocks_file'], RESTART_JOB_FIELDS),
    CleanupUploadsInterceptor,
  )
  async restart(
    @Req() req: AuthedRequest,
    @Param('id') id: string,
    @UploadedFiles() files: UploadFiles,
    @Body() form: RestartJobForm,
  ) {
    const job = await this.control.restart(principalOf(req), id, files, maxCostOf(form?.max_cost));
    return { ok: true, job_id: job.id, status: job.status };
  }

  @Post(':id/retry-failed')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Re-run only the blocks that failed (and flagged ones with include_flagged=true)',
  })
  @ApiBody({ type: RetryFailedBody, required: false })
  async retryFailed(
    @Req() req: AuthedRequest,
    @Param('id') id: string,
    @Query() query: RetryFailedQuery,
    @Body() body: RetryFailedBody,
  ) {
    const options = { includeFlagged: query.include_flagged === true, model: body?.model };
    const job = await this.control.retryFailed(principalOf(req), id, options);
    return { ok: true, job_id: job.id, status: job.status };
  }

  @Delete(':id')
  async remove(@Req() req: AuthedRequest, @Param('id') id: string) {
    await this.control.delete(principalOf(req), id);
    return { ok: true, deleted_job_id: id };
  }
}
