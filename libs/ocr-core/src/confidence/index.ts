export * from './block-confidence.js';
