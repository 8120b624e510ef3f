import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DomainError } from '@remote-ocr/contracts';
import { APP_CONFIG, OBJECT_STORE, type AppConfig } from '@remote-ocr/server';
import { verifyDownloadSignature, type ObjectStore } from '@remote-ocr/storage';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { Public } from '../common/api-key.guard.js';

/**
 * Serves objects of the disk store through signed, expiring URLs — what a presigned S3 URL is for
 * cloud storage — so results download with no cloud at all.
 */
@ApiExcludeController()
@Controller('files')
export class FilesController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(OBJECT_STORE) private readonly objects: ObjectStore,
  ) {}

  @Public()
  @Get('*key')
  async download(
    @Req() req: Request,
    @Res() res: Response,
    @Query('expires') expires?: string,
    @Query('sig') sig?: string,
  ): Promise<void> {
    const store = this.config.objectStore;
    const key = decodeURIComponent(req.path.replace(/^\/files\//, ''));
    const valid =
      store.kind === 'disk' &&
      typeof expires === 'string' &&
      typeof sig === 'string' &&
      verifyDownloadSignature(key, expires, sig, store.secret, Date.now(), {
        previousSecrets: store.previousSecrets,
        maxTtlSeconds: this.config.http.downloadTtlSeconds,
      });
    if (!valid) throw new DomainError('unauthorized', 'Download link is invalid or has expired');
    if (!(await this.objects.exists(key))) throw new DomainError('not_found', 'File not found');
    const name = key.split('/').pop() ?? 'download';
    res.setHeader('Content-Disposition', `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`);
    res.setHeader(
      'Content-Type',
      name.endsWith('.zip') ? 'application/zip' : 'application/octet-stream',
    );
    await pipeline(await this.objects.getStream(key), res);
  }
}
