// Messages between the render pool (main thread) and its render threads.
import type { Block } from '../../model/block.js';
import type { BlockCrop, CropOptions } from '../../ports/pdf-renderer.port.js';
import type { DocumentRendererSettings } from '../document-renderer.js';

/** What a render thread gets at start: the document to open and how to render. */
export interface RenderThreadData {
  pdfPath: string;
  settings: DocumentRendererSettings;
}

export type ThreadRequest =
  | { id: number; kind: 'crop'; block: Block; options: CropOptions }
  | { id: number; kind: 'text'; block: Block };

export type ThreadReply =
  | { kind: 'ready'; pageCount: number }
  | { kind: 'failed'; error: SerializedError }
  | { kind: 'crop'; id: number; crop: BlockCrop }
  | { kind: 'text'; id: number; text: string }
  | { kind: 'error'; id: number; error: SerializedError };

export interface SerializedError {
  name: string;
  message: string;
}

/** Errors cross threads as plain data; keep the name so callers can tell RangeErrors apart. */
export function serializeError(error: unknown): SerializedError {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'Error', message: String(error) };
}

/** Rebuilds an error that came from a render thread. */
export function deserializeError(error: SerializedError): Error {
  const Ctor = error.name === 'RangeError' ? RangeError : Error;
  const rebuilt = new Ctor(error.message);
  if (rebuilt.name !== error.name) rebuilt.name = error.name;
  return rebuilt;
}
