export * from './blocks-validation.error.js';
export * from './block-geometry.js';
export * from './validate-blocks.js';
export * from './parse-blocks-file.js';
export * from './annotation-document.js';
