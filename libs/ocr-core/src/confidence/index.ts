export * from './block-confidence.js';
export { dominantScript, trigramSimilarity } from './text-compare.js';
