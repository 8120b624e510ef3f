import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createPdfRenderer, type PdfRenderer } from '@remote-ocr/ocr-core';
import { APP_CONFIG, type AppConfig } from '@remote-ocr/server';

/** One PDF renderer (and its pool of render threads) shared by every job of this worker. */
@Injectable()
export class RendererProvider implements OnApplicationShutdown {
  readonly renderer: PdfRenderer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.renderer = createPdfRenderer({ threads: config.jobs.renderThreads || undefined });
  }

  async onApplicationShutdown(): Promise<void> {
    await (this.renderer as { close?: () => Promise<void> }).close?.();
  }
}
