export * from './strip.types.js';
export * from './strip-layout.js';
export * from './strip-builder.js';
export { ensureStripFont, STRIP_FONT_FAMILY } from './strip-font.js';
