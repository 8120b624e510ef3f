// Entry of a render thread: opens the document once, then serves crop/text requests. Loaded by
// Node itself (not by jest), from dist as JS or from the sources through Node's type stripping,
// so this folder's imports stay type-only or within src/pdf (see thread-entry.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { DocumentRenderer } from '../document-renderer.js';
import {
  serializeError,
  type RenderThreadData,
  type ThreadReply,
  type ThreadRequest,
} from './protocol.js';

const port = parentPort;
if (!port) throw new Error('render-thread must run in a worker thread');
const data = workerData as RenderThreadData;

function post(reply: ThreadReply, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(reply, transfer);
}

async function serve(renderer: DocumentRenderer, request: ThreadRequest): Promise<void> {
  try {
    if (request.kind === 'text') {
      post({ kind: 'text', id: request.id, text: await renderer.textLayer(request.block) });
      return;
    }
    const crop = await renderer.crop(request.block, request.options);
    // Hand the PNG bytes over instead of copying them.
    const transfer = crop.parts.map((part) => part.png.buffer as ArrayBuffer);
    post({ kind: 'crop', id: request.id, crop }, transfer);
  } catch (error) {
    post({ kind: 'error', id: request.id, error: serializeError(error) });
  }
}

try {
  const renderer = await DocumentRenderer.open(data.pdfPath, data.settings);
  port.on('message', (request: ThreadRequest) => void serve(renderer, request));
  port.once('close', () => void renderer.close());
  post({ kind: 'ready', pageCount: renderer.pageCount });
} catch (error) {
  post({ kind: 'failed', error: serializeError(error) });
}
