import { Module, type DynamicModule } from '@nestjs/common';
import { InfraModule, redactingLoggerOptions, type AppConfig } from '@remote-ocr/server';
import { LoggerModule } from 'nestjs-pino';
import { EngineRegistry } from './engines/engine-registry.js';
import { RendererProvider } from './engines/renderer.provider.js';
import { JobRunner } from './job-runner.service.js';
import { OcrJobProcessor, configureOcrProcessor } from './ocr-job.processor.js';
import { QueueSweeper } from './queue-sweeper.service.js';
import { WorkerMetrics } from './worker-metrics.js';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    configureOcrProcessor(config);
    return {
      module: WorkerModule,
      imports: [
        InfraModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: redactingLoggerOptions(config) }),
      ],
      providers: [
        WorkerMetrics,
        EngineRegistry,
        RendererProvider,
        JobRunner,
        OcrJobProcessor,
        QueueSweeper,
      ],
    };
  }
}
