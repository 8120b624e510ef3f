// One PDFium WebAssembly instance (`@embedpdf/pdfium`: PDFium's C API by name, over a heap that is
// one growable ArrayBuffer). Each render thread loads its own: an instance is single-threaded and
// its heap only ever grows (to the largest bitmap and document held at once), so a thread whose
// heap passed the cap is retired by the pool rather than left holding the peak (docs/rendering.md).
// Thread code: loaded by Node from sources through type stripping, so erasable TypeScript only.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { init, type WrappedPdfiumModule } from '@embedpdf/pdfium';

export type Pdfium = WrappedPdfiumModule;

let loading: Promise<Pdfium> | undefined;

/** This thread's PDFium instance, loaded and initialised on first use (~100 ms). */
export function loadPdfium(): Promise<Pdfium> {
  loading ??= (async () => {
    // The .wasm ships inside the package: read from disk, never fetched.
    const path = createRequire(import.meta.url).resolve('@embedpdf/pdfium/pdfium.wasm');
    const wasmBinary = await readFile(path);
    const pdfium = await init({ wasmBinary: wasmBinary.buffer });
    pdfium.PDFiumExt_Init();
    return pdfium;
  })();
  loading.catch(() => (loading = undefined));
  return loading;
}

/**
 * The instance's heap as bytes. A fresh view each time: growing the heap replaces its buffer.
 * (The package types the Emscripten module through `@types/emscripten`, which we do not install.)
 */
export const heap = (pdfium: Pdfium): Uint8Array =>
  (pdfium.pdfium as unknown as { HEAPU8: Uint8Array }).HEAPU8;

/** Bytes of the instance's heap (what the thread holds for PDFium, whatever is in use). */
export const heapBytes = (pdfium: Pdfium): number => heap(pdfium).length;

/** A block of the WASM heap, freed by `free()`. Views are made on demand: the heap may move. */
export class HeapBlock {
  readonly ptr: number;
  readonly size: number;
  private readonly pdfium: Pdfium;

  constructor(pdfium: Pdfium, size: number) {
    this.pdfium = pdfium;
    this.size = size;
    this.ptr = pdfium.pdfium.wasmExports.malloc(size);
    if (this.ptr === 0) throw new RangeError(`PDFium could not allocate ${size} bytes`);
  }

  floats(count: number, offset = 0): Float32Array {
    return new Float32Array(heap(this.pdfium).buffer, this.ptr + offset, count);
  }

  doubles(count: number, offset = 0): Float64Array {
    return new Float64Array(heap(this.pdfium).buffer, this.ptr + offset, count);
  }

  bytes(): Uint8Array {
    return heap(this.pdfium).subarray(this.ptr, this.ptr + this.size);
  }

  free(): void {
    this.pdfium.pdfium.wasmExports.free(this.ptr);
  }
}

/** PDFium's FPDF_GetLastError codes (fpdfview.h), for error messages. */
const LOAD_ERRORS: Readonly<Record<number, string>> = {
  1: 'unknown error',
  2: 'file not found or could not be opened',
  3: 'file not in PDF format or corrupted',
  4: 'password required or incorrect password',
  5: 'unsupported security scheme',
  6: 'page not found or content error',
};

export const describeLoadError = (code: number): string =>
  LOAD_ERRORS[code] ?? `PDFium error ${code}`;
