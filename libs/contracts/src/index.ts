export * from './job-status.js';
export * from './storage-keys.js';
export * from './job-record.js';
export * from './errors.js';
export * from './queue.js';
export * from './job-list-item.js';
export * from './job-events.js';
export * from './http-answers.js';
