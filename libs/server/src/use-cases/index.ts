export * from './job-ports.js';
export * from './delete-job.js';
export * from './requeue-orphans.js';
export * from './check-job-input.js';
export * from './admit-job.js';
export * from './create-engines.js';
export * from './check-redis.js';
export * from './retry-failed-blocks.js';
