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
    callDirectly(pdfium);
    pdfium.PDFiumExt_Init();
    return pdfium;
  })();
  loading.catch(() => (loading = undefined));
  return loading;
}

/**
 * The package calls every C function through Emscripten's `ccall` (argument converters, an array
 * and closures per call, then a checking wrapper): on the book job's profile that cost a render
 * thread more than PDFium's own text extraction (docs/rendering.md, "Where the time goes").
 * Functions whose arguments and result are all numbers gain nothing from it, so those we call
 * are bound to the WebAssembly exports themselves; a C `bool` result stays a JavaScript boolean.
 * `FPDF_LoadMemDocument` (a string argument) keeps the package's wrapper.
 */
const NUMERIC = [
  'FPDFText_LoadPage',
  'FPDFText_ClosePage',
  'FPDFText_CountChars',
  'FPDFText_GetUnicode',
  'FPDFText_IsGenerated',
  'FPDFText_GetFontSize',
  'FPDFText_GetTextObject',
  'FPDF_RenderPageBitmapWithMatrix',
  'FPDF_FFLDraw',
  'FPDF_LoadPage',
  'FPDF_ClosePage',
  'FPDF_GetPageCount',
  'FPDF_CloseDocument',
  'FPDF_GetLastError',
  'FPDFPage_GetRotation',
  'FPDFPage_GetObject',
  'FPDFPage_CountObjects',
  'FPDFPageObj_GetType',
  'FPDFTextObj_GetFont',
  'FPDFTextObj_GetTextRenderMode',
  'FPDFTextObj_GetText',
  'FPDFFont_GetIsEmbedded',
  'FPDFBitmap_Create',
  'FPDFBitmap_Destroy',
  'FPDFBitmap_GetBuffer',
  'FPDFBitmap_GetStride',
  'FORM_OnAfterLoadPage',
  'FORM_OnBeforeClosePage',
] as const;
const BOOLEAN = [
  'FPDFText_GetMatrix',
  'FPDFText_GetLooseCharBox',
  'FPDFText_GetCharOrigin',
  'FPDF_GetPageBoundingBox',
  'FPDFBitmap_FillRect',
] as const;

type Export = (...args: number[]) => number;

function callDirectly(pdfium: Pdfium): void {
  const exports = pdfium.pdfium.wasmExports as unknown as Record<string, Export | undefined>;
  const module = pdfium as unknown as Record<string, unknown>;
  for (const name of NUMERIC) {
    const direct = exports[name];
    if (direct) module[name] = direct;
  }
  for (const name of BOOLEAN) {
    const direct = exports[name];
    if (direct) module[name] = (...args: number[]): boolean => direct(...args) !== 0;
  }
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
