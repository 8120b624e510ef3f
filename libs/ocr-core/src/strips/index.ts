export * from './strip.types.js';
export * from './strip-layout.js';
export * from './strip-builder.js';
