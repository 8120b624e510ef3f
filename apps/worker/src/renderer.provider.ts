import { Inject, Injectable, Logger } from '@nestjs/common';
import type { PdfRenderer } from '@remote-ocr/ocr-core';
import { createRenderer } from '@remote-ocr/render';
import { APP_CONFIG, type AppConfig } from '@remote-ocr/server';
import { WorkerMetrics } from './worker-metrics.js';

/**
 * The PDF renderer of this worker (RENDERER); each job's session runs on its pool of render
 * threads. Documents or pages PDFium hands to pdf.js are logged and counted.
 */
@Injectable()
export class RendererProvider {
  readonly renderer: PdfRenderer;
  private readonly logger = new Logger(RendererProvider.name);

  constructor(@Inject(APP_CONFIG) config: AppConfig, metrics: WorkerMetrics) {
    this.renderer = createRenderer({
      renderer: config.jobs.renderer,
      threads: config.jobs.renderThreads ?? undefined,
      textLayer: config.jobs.renderTextLayer,
      onFallback: (event) => {
        metrics.rendererFallbacks.inc({ scope: event.scope });
        this.logger.warn(
          { scope: event.scope, reason: event.reason },
          'PDFium could not draw this; rendered with pdf.js',
        );
      },
    });
  }
}
