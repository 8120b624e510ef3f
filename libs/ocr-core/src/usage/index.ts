export * from './price-table.js';
export * from './token-estimate.js';
export * from './spend-limit.js';
export * from './usage.types.js';
export * from './job-estimate.js';
