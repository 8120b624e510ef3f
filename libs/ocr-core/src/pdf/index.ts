export * from './geometry.js';
export {
  DEFAULT_CROP_OPTIONS,
  PdfJsRenderer,
  type PdfJsRendererOptions,
} from './pdfjs-renderer.js';
export { PdfJsSession } from './pdfjs-session.js';
export { textInBox, type TextRun } from './text-layer.js';
export { VECTOR_CROP_PADDING_PT, vectorCrop } from './vector-crop.js';
export { PngRowEncoder } from './png-encoder.js';
