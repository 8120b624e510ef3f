// Entry of a long-lived render thread: opens documents on demand (the first request naming one),
// serves crop/text requests, and closes a document when its session ends. Loaded by Node itself
// (not by jest), from dist as JS or from the sources through Node's type stripping, so this
// folder's imports stay type-only or within src/pdf (see thread-entry.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { PdfiumDocument } from '../../pdfium/pdfium-document.js';
import { DocumentRenderer } from '../document-renderer.js';
import {
  serializeError,
  type DocRef,
  type RenderThreadData,
  type ThreadReply,
  type ThreadRequest,
} from './protocol.js';

const port = parentPort;
if (!port) throw new Error('render-thread must run in a worker thread');
const { settings, engine = 'pdfjs' } = workerData as RenderThreadData;
type ThreadDocument = DocumentRenderer | PdfiumDocument;
const documents = new Map<number, Promise<ThreadDocument>>();

function post(reply: ThreadReply, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(reply, transfer);
}

function open(doc: DocRef): Promise<ThreadDocument> {
  let renderer = documents.get(doc.id);
  if (!renderer) {
    renderer =
      engine === 'pdfium'
        ? PdfiumDocument.open(doc.path, settings)
        : DocumentRenderer.open(doc.path, settings);
    // A failed open is reported once and forgotten, so a later request may try again.
    renderer.catch(() => documents.delete(doc.id));
    documents.set(doc.id, renderer);
  }
  return renderer;
}

async function close(doc: DocRef): Promise<void> {
  const renderer = documents.get(doc.id);
  documents.delete(doc.id);
  await (await renderer?.catch(() => undefined))?.close();
}

async function serve(request: ThreadRequest): Promise<void> {
  try {
    switch (request.kind) {
      case 'open': {
        const started = performance.now();
        const { pageCount } = await open(request.doc);
        post({ kind: 'open', id: request.id, pageCount, openMs: performance.now() - started });
        return;
      }
      case 'text': {
        const text = await (await open(request.doc)).textLayer(request.block);
        post({ kind: 'text', id: request.id, text });
        return;
      }
      case 'prepare': {
        const parseMs = await (await open(request.doc)).prepare(request.page);
        post({ kind: 'prepare', id: request.id, parseMs });
        return;
      }
      case 'crop': {
        const renderer = await open(request.doc);
        const timed = await renderer.timedCrop(request.block, request.options);
        const heapBytes = renderer instanceof PdfiumDocument ? renderer.heapBytes : undefined;
        // Hand the PNG bytes (or raw pixels) over instead of copying them.
        const transfer = timed.crop.parts.map(
          (part) => (part.pixels ?? part.png).buffer as ArrayBuffer,
        );
        post({ kind: 'crop', id: request.id, ...timed, heapBytes }, transfer);
        return;
      }
      case 'close':
        await close(request.doc);
        post({ kind: 'close', id: request.id });
        return;
    }
  } catch (error) {
    post({ kind: 'error', id: request.id, error: serializeError(error) });
  }
}

port.on('message', (request: ThreadRequest) => void serve(request));
