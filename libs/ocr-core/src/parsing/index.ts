export * from './answer.types.js';
export * from './batch-answer-parser.js';
