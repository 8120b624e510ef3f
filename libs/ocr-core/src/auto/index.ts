export * from './text-layer-rule.js';
export * from './ink-coverage.js';
export * from './auto-plan.js';
