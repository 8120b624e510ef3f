// Messages between the render pool (main thread) and its long-lived render threads. A thread
// serves many documents: each request names its document (`doc`, with the path so a thread that
// has not opened it yet can do so on demand).
import type { Block } from '@remote-ocr/ocr-core';
import type { BlockCrop, CropOptions } from '@remote-ocr/ocr-core';
import type { DocumentRendererSettings } from '../document-renderer.js';

/** The library a render thread draws with. */
export type RenderEngine = 'pdfjs' | 'pdfium';

/** What a render thread gets at start: how to render. */
export interface RenderThreadData {
  settings: DocumentRendererSettings;
  /** Default 'pdfjs'. */
  engine?: RenderEngine;
}

/** A document as the threads know it. */
export interface DocRef {
  id: number;
  path: string;
}

export type ThreadRequest =
  | { id: number; kind: 'open'; doc: DocRef }
  | { id: number; kind: 'prepare'; doc: DocRef; page: number }
  | { id: number; kind: 'crop'; doc: DocRef; block: Block; options: CropOptions }
  | { id: number; kind: 'text'; doc: DocRef; block: Block }
  | { id: number; kind: 'close'; doc: DocRef };

export type ThreadReply =
  | { kind: 'open'; id: number; pageCount: number; openMs: number }
  | { kind: 'prepare'; id: number; parseMs: number }
  | {
      kind: 'crop';
      id: number;
      crop: BlockCrop;
      parseMs: number;
      renderMs: number;
      /** Who drew the crop, and the thread's WASM heap after it (PDFium threads only). */
      renderer?: RenderEngine;
      heapBytes?: number;
    }
  | { kind: 'text'; id: number; text: string }
  | { kind: 'close'; id: number }
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

/** Locality key of a page: which thread holds it parsed. */
export const pageKey = (doc: number, page: number): string => `${doc}:${page}`;
