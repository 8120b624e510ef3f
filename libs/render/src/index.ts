export {
  DEFAULT_CROP_OPTIONS,
  PdfJsRenderer,
  type PdfJsRendererOptions,
} from './pdf/pdfjs-renderer.js';
export { PdfJsSession } from './pdf/pdfjs-session.js';
export { textInBox, type TextRun } from './pdf/text-layer.js';
export { VECTOR_CROP_PADDING_PT, vectorCrop } from './pdf/vector-crop.js';
export { PngRowEncoder } from './png/png-encoder.js';
export { canStreamPng, PngRowReader } from './png/png-row-reader.js';
export { PngStripCodec } from './png/png-strip-codec.js';
export { type StripImageFormat } from './strip-image/strip-codec-for.js';
export * from './inspect/inspect-pdf.js';
export {
  PdfiumRenderer,
  type PdfiumRendererOptions,
  type RendererFallback,
} from './pdfium/pdfium-renderer.js';
export {
  createRenderer,
  DEFAULT_RENDERER,
  type RendererChoice,
  type RendererName,
} from './create-renderer.js';
