import 'reflect-metadata';
import { mkdir } from 'node:fs/promises';
import { getQueueToken } from '@nestjs/bullmq';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { OCR_QUEUE } from '@remote-ocr/contracts';
import { authenticate, isOpenServer, type AppConfig } from '@remote-ocr/server';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { INVALID_KEY } from './common/api-key.guard.js';
import { configureUploads } from './jobs/upload/upload.interceptor.js';
import { serveWebApp } from './web/web-app.js';

function setUpSwagger(app: NestExpressApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Remote OCR Server')
      .setDescription('Submit PDFs with annotated blocks, follow the jobs, download the results.')
      .setVersion('0.1.0')
      .addApiKey({ type: 'apiKey', name: 'X-API-Key', in: 'header' }, 'api-key')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

/** Bull Board at /admin/queues, behind the same key check as the api routes. */
function setUpBullBoard(app: NestExpressApplication, config: AppConfig): void {
  const adapter = new ExpressAdapter();
  adapter.setBasePath('/admin/queues');
  const queue = app.get<Queue>(getQueueToken(OCR_QUEUE));
  createBullBoard({ queues: [new BullMQAdapter(queue)], serverAdapter: adapter });
  const guard = (req: Request, res: Response, next: NextFunction): void => {
    const principal = authenticate(config, req.header('x-api-key'));
    if (principal?.kind === 'operator') return next();
    res.status(401).json({ detail: INVALID_KEY, code: 'unauthorized' });
  };
  app.use('/admin/queues', guard, adapter.getRouter());
}

/** Builds the api application (not yet listening). */
export async function createApiApp(config: AppConfig): Promise<NestExpressApplication> {
  await mkdir(config.dataDir, { recursive: true });
  configureUploads(config.http.maxUploadBytes);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  if (isOpenServer(config))
    app
      .get(Logger)
      .warn(
        `No REMOTE_OCR_API_KEY or CLIENT_API_KEYS: every route answers anyone who can reach ${config.http.host}:${config.http.port} (docs/security.md)`,
      );
  app.set('trust proxy', true);
  // No ETag on JSON answers: job state changes between polls and the clients do not send
  // If-None-Match, so hashing every body (0.3–0.5 ms per 500-row GET /jobs) bought nothing.
  app.set('etag', false);
  app.useBodyParser('urlencoded', { extended: false, limit: '1mb' });
  app.useBodyParser('json', { limit: '1mb' });
  setUpSwagger(app);
  setUpBullBoard(app, config);
  serveWebApp(app, (line) => app.get(Logger).log(line));
  return app;
}
