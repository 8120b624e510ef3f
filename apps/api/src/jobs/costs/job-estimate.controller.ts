import {
  Body,
  Controller,
  HttpCode,
  Inject,
  Post,
  Req,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import { APP_CONFIG, pickEngine, type AppConfig } from '@remote-ocr/server';
import { ApiBody, ApiConsumes, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { AuthedRequest } from '../../common/api-key.guard.js';
import { principalOf } from '../../common/principal.js';
import { ownerOf } from '../job-access.js';
import { CreateJobForm } from '../job-forms.dto.js';
import { checkAllowedModels } from '../model-policy.js';
import { CREATE_JOB_FIELDS } from '../upload/form-fields.js';
import { CleanupUploadsInterceptor, uploadInterceptor } from '../upload/upload.interceptor.js';
import {
  checkDocumentId,
  readBlocksText,
  requireFile,
  type UploadFiles,
} from '../upload/upload-checks.js';
import { JobCostsService } from './job-costs.service.js';

/**
 * `POST /jobs/estimate` (docs/costs.md): the form of `POST /jobs`, checked the same way, answered
 * with pages, blocks, strips, model calls, tokens and cost. Nothing is stored: no row, no object,
 * and the uploads are removed when the answer is sent.
 */
@ApiTags('jobs')
@ApiSecurity('api-key')
@Controller('jobs')
export class JobEstimateController {
  constructor(
    private readonly costs: JobCostsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('estimate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Estimate a job (calls, tokens, cost) without creating it' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: CreateJobForm })
  @UseInterceptors(
    uploadInterceptor(['pdf', 'blocks_file'], CREATE_JOB_FIELDS),
    CleanupUploadsInterceptor,
  )
  async estimate(
    @Req() req: AuthedRequest,
    @Body() form: CreateJobForm,
    @UploadedFiles() files: UploadFiles,
  ) {
    const pdf = requireFile(files, 'pdf');
    const blocksFile = requireFile(files, 'blocks_file');
    ownerOf(principalOf(req), form.client_id);
    const engine = pickEngine(this.config.engines, form.engine);
    checkAllowedModels(this.config, form);
    checkDocumentId(pdf, form.document_id);
    const blocksText = await readBlocksText(blocksFile);
    const estimate = await this.costs.estimateUpload(
      pdf.path,
      blocksText,
      engine,
      form,
      form.document_name,
    );
    return { engine, ...estimate };
  }
}
