export * from './answer.types.js';
export * from './batch-answer-parser.js';
export { MarkerMatcher } from './marker-match.js';
export { scanSteps } from './scan-steps.js';
export { isEmptyLike } from './section-text.js';
