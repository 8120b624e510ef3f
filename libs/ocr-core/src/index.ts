export * from './model/block.js';
export * from './ports/ocr-engine.port.js';
export * from './ports/pipeline.ports.js';
export * from './ports/pdf-renderer.port.js';
