export * from './config/app-config.js';
export { Environment } from './config/environment.js';
export * from './queue/redis-options.js';
export * from './queue/ocr-queue.js';
export * from './infra/tokens.js';
export * from './infra/auth.js';
export * from './infra/infra-factories.js';
export * from './infra/infra.module.js';
export * from './infra/graceful-exit.js';
