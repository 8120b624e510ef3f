import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, exitCleanlyOnSignals, parseConfig } from '@remote-ocr/server';
import { Logger } from 'nestjs-pino';
import { removeStaleWorkDirs } from './work-dirs.js';
import { WorkerModule } from './worker.module.js';

async function main(): Promise<void> {
  const config = parseConfig(process.env);
  await removeStaleWorkDirs();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  await app.init();
  exitCleanlyOnSignals(app);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('worker failed to start:', error);
  process.exit(1);
});
