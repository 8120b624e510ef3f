export * from './block-marker.js';
export * from './placeholders.js';
export * from './prompt.types.js';
export * from './strip-prompt.js';
export * from './image-prompt.js';
export * from './prompt-budget.js';
