import { Inject, Injectable } from '@nestjs/common';
import type { PdfRenderer } from '@remote-ocr/ocr-core';
import { PdfJsRenderer } from '@remote-ocr/render';
import { APP_CONFIG, type AppConfig } from '@remote-ocr/server';

/** The PDF renderer of this worker; each job's session runs its own pool of render threads. */
@Injectable()
export class RendererProvider {
  readonly renderer: PdfRenderer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.renderer = new PdfJsRenderer({ threads: config.jobs.renderThreads ?? undefined });
  }
}
