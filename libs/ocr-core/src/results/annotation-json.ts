import { buildAnnotationDocument, type AnnotationInput } from '../blocks/annotation-document.js';
import type { OcrDocument } from '../model/block.js';

/** `annotation.json` text: 2-space indented, non-ASCII kept as is, trailing newline. */
export const serializeAnnotation = (doc: OcrDocument): string =>
  `${JSON.stringify(doc, null, 2)}\n`;

/** Builds the output Document (see `buildAnnotationDocument`) and serialises it. */
export const buildAnnotationJson = (input: AnnotationInput): string =>
  serializeAnnotation(buildAnnotationDocument(input));
