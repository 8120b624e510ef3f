export * from './ports/job.repository.js';
export * from './ports/object-store.js';
