import type { OcrRequest } from './ocr-engine.port.js';
import type { CropPart } from './pdf-renderer.port.js';

/** Opaque RGBA rows of an image, handed out top to bottom. */
export interface RowSource {
  /** Writes the next row (`width * 4` bytes of RGBA) into `out` at byte `offset`. */
  nextInto(out: Uint8Array | Uint8ClampedArray, offset: number): Promise<void>;
  /** Frees what the source holds (e.g. a decoder) once the strip is done with it. */
  close(): Promise<void>;
}

/** Encodes an image from opaque RGBA rows given top to bottom. */
export interface ImageRowEncoder {
  /** Adds `rows` rows of RGBA pixels (`width * 4` bytes each). */
  addRows(rgba: Uint8Array | Uint8ClampedArray, rows: number): void;
  /**
   * Optional fast path for images that are grey throughout: adds `rows` rows of 8-bit grey
   * samples, row `r` at `grey[r * stride]` (`width` bytes of it). Used for a whole image or not
   * at all; the result must equal `addRows` of the same pixels as RGBA (R = G = B = the sample).
   * The caller reuses `grey` once the call returns: copy what is kept.
   */
  addGreyRows?(grey: Uint8Array, stride: number, rows: number): void;
  /** Resolves when the encoder has room for more rows (a streaming encoder's backlog is low). */
  drained?(): Promise<void>;
  /** The encoded image, once every row is in. */
  finish(): Promise<Uint8Array>;
}

/**
 * How strips read the crops a renderer made and how a finished strip is encoded. The renderer
 * supplies it (`PdfRenderer.stripImages`), since it knows the form its crops come in.
 */
export interface StripImageCodec {
  /** MIME type of the strips `encoder` writes. */
  readonly mimeType: OcrRequest['mimeType'];
  /** Rows of a crop shown at `width` × `height` (its size on the strip, never larger). */
  cropRows(crop: CropPart, width: number, height: number): Promise<RowSource>;
  /** An encoder for one strip of this size. */
  encoder(width: number, height: number): ImageRowEncoder;
}
