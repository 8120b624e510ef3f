import type { RequestBody } from './http.js';

/** Bytes of a request body sent so far; `total` counts the form's parts (not multipart headers). */
export interface UploadProgress {
  loaded: number;
  total: number;
}

/** A file to upload from the main entry; `@remote-ocr/client/node` adds paths and streams. */
export type UploadSource = Blob | ArrayBuffer | Uint8Array;

export function toBlob(source: UploadSource, type: string): Blob {
  if (source instanceof Blob) return source;
  const bytes = source instanceof Uint8Array ? source : new Uint8Array(source);
  // Copy into a plain ArrayBuffer: a Buffer may be a view of a larger shared pool.
  return new Blob([bytes.slice()], { type });
}

/** SHA-256 hex of a file, as `document_id` wants it (WebCrypto: Node ≥ 22 and browsers). */
export async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

function formSize(form: FormData): number {
  let total = 0;
  for (const [, value] of form) total += typeof value === 'string' ? value.length : value.size;
  return total;
}

let streamsSupported: boolean | undefined;

/**
 * Whether this runtime can send a ReadableStream as a request body (Node: yes; browsers: only
 * some, over HTTP/2). The standard feature test: a supporting runtime reads `duplex` and does not
 * turn the stream into the text "[object ReadableStream]".
 */
function supportsRequestStreams(): boolean {
  if (streamsSupported !== undefined) return streamsSupported;
  let duplexRead = false;
  const probe = new Request('http://localhost/', {
    body: new ReadableStream(),
    method: 'POST',
    get duplex() {
      duplexRead = true;
      return 'half';
    },
  } as RequestInit);
  streamsSupported = duplexRead && !probe.headers.has('Content-Type');
  return streamsSupported;
}

/**
 * The body of a multipart form, counted as fetch pulls it so `onProgress` follows the upload.
 * Where request streams are unsupported the form goes as is and progress jumps to the end.
 */
export function formBody(
  form: FormData,
  onProgress?: (p: UploadProgress) => void,
): { body: RequestBody; headers?: Record<string, string>; done: () => void } {
  const total = formSize(form);
  const done = () => onProgress?.({ loaded: total, total });
  if (!onProgress || !supportsRequestStreams()) return { body: form, done };
  const encoded = new Response(form);
  let loaded = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      loaded += chunk.byteLength;
      onProgress({ loaded: Math.min(loaded, total), total });
      controller.enqueue(chunk);
    },
  });
  return {
    body: encoded.body!.pipeThrough(counter),
    headers: { 'content-type': encoded.headers.get('content-type')! },
    done,
  };
}
