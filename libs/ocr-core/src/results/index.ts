export * from './json-extract.js';
export * from './result-markdown.js';
export * from './annotation-json.js';
export * from './result-zip.js';
