import { Module, ValidationPipe, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { DomainError } from '@remote-ocr/contracts';
import { InfraModule, redactingLoggerOptions, type AppConfig } from '@remote-ocr/server';
import type { ValidationError } from 'class-validator';
import { LoggerModule } from 'nestjs-pino';
import { ApiKeyGuard } from './common/api-key.guard.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { FilesController } from './files/files.controller.js';
import { HealthController } from './health/health.controller.js';
import { JobControlService } from './jobs/job-control.service.js';
import { JobIntakeService } from './jobs/job-intake.service.js';
import { JobQueryService } from './jobs/job-query.service.js';
import { JobBlocksController } from './jobs/job-blocks.controller.js';
import { JobBlocksService } from './jobs/job-blocks.service.js';
import { JobsController } from './jobs/jobs.controller.js';
import { JobCostsService } from './jobs/costs/job-costs.service.js';
import { JobEstimateController } from './jobs/costs/job-estimate.controller.js';
import { TEXT_LAYER_BLOCKS, autoTextLayerBlocks } from './jobs/costs/text-layer-blocks.js';
import { createRenderer } from '@remote-ocr/render';
import { JobWebhooksController } from './webhooks/job-webhooks.controller.js';
import { JobWebhooksService } from './webhooks/job-webhooks.service.js';
import { WebhookEndpointsController } from './webhooks/webhook-endpoints.controller.js';
import { WebhookEndpointsService } from './webhooks/webhook-endpoints.service.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { EVENTS_PROVIDERS, JobEventsController } from './events/events.wiring.js';
import { ClientQuotasService } from './quotas/client-quotas.service.js';
import { ClientUploadLimitInterceptor } from './quotas/client-upload-limit.interceptor.js';
import { UsageController } from './quotas/usage.controller.js';

const JOB_ID_IN_URL = /\/jobs\/([0-9a-f-]{36})/i;

function validationDetail(errors: ValidationError[]): string {
  return errors
    .flatMap((e) =>
      Object.values(e.constraints ?? {}).map((m) =>
        m.startsWith(e.property) ? m : `${e.property}: ${m}`,
      ),
    )
    .join('; ');
}

/** Validation errors are 400 `{detail}` naming every bad field (docs/contract.md §2: not 422). */
export const validationPipe = new ValidationPipe({
  transform: true,
  whitelist: true,
  forbidUnknownValues: false,
  exceptionFactory: (errors) => new DomainError('validation_failed', validationDetail(errors)),
});

@Module({})
export class AppModule {
  // eslint-disable-next-line max-lines-per-function -- the module declaration: one flat list of the api's imports, controllers and providers
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfraModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            ...redactingLoggerOptions(config),
            customProps: (req) => {
              const match = JOB_ID_IN_URL.exec(req.url ?? '');
              return match ? { jobId: match[1] } : {};
            },
            autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
          },
        }),
      ],
      // The events controller first: its `GET /jobs/events` must win over `GET /jobs/:id`.
      controllers: [
        JobEventsController,
        JobsController,
        JobEstimateController,
        JobBlocksController,
        JobWebhooksController,
        WebhookEndpointsController,
        HealthController,
        MetricsController,
        FilesController,
        UsageController,
      ],
      providers: [
        JobIntakeService,
        JobWebhooksService,
        WebhookEndpointsService,
        JobControlService,
        JobQueryService,
        ...EVENTS_PROVIDERS,
        JobBlocksService,
        JobCostsService,
        // The auto engine's text-layer rule for estimates (docs/costs.md): pdf.js text, in-process.
        {
          provide: TEXT_LAYER_BLOCKS,
          useFactory: () => autoTextLayerBlocks(createRenderer({ renderer: 'pdfjs', threads: 0 })),
        },
        ClientQuotasService,
        { provide: APP_INTERCEPTOR, useClass: ClientUploadLimitInterceptor },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        { provide: APP_PIPE, useValue: validationPipe },
      ],
    };
  }
}
