import { open } from 'node:fs/promises';
import { DomainError } from '@remote-ocr/contracts';
import { CLIENT_DPI } from '@remote-ocr/ocr-core/geometry';

/** A page's displayed size (after /Rotate) in 300-DPI pixels, rounded as the renderers do. */
export interface InspectedPage {
  /** 0-based page index. */
  page: number;
  width: number;
  height: number;
}

export interface PdfInfo {
  pageCount: number;
  /** Sizes of the pages that were opened (see `InspectPdfOptions`), in page order. */
  pages: InspectedPage[];
}

export interface InspectPdfOptions {
  /** Refuse documents with more pages than this. */
  maxPages: number;
  /**
   * 0-based pages whose size is checked (the pages blocks are on); the last page is always
   * opened. Default: only the last page.
   */
  pages?: readonly number[];
  /** Largest page side in points; default 14,400 pt (200 in), the PDF format's own limit. */
  maxPageSidePt?: number;
  /** Open every page (and return every page's size), e.g. to make one block per page. */
  allPages?: boolean;
}

/** ISO 32000: a page side is at most 14,400 default user units (200 inches). */
export const MAX_PAGE_SIDE_PT = 14_400;

/** A PDF that cannot be accepted: not a PDF, unreadable, encrypted, empty or too long. */
export class InvalidPdfError extends DomainError {
  constructor(message: string) {
    super('invalid_pdf', message);
  }
}

async function hasPdfHeader(filePath: string): Promise<boolean> {
  const handle = await open(filePath, 'r');
  try {
    const head = Buffer.alloc(1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    // Readers accept the header anywhere in the first KiB (ISO 32000 implementation note).
    return head.subarray(0, bytesRead).includes('%PDF-');
  } finally {
    await handle.close();
  }
}

function describeLoadError(error: unknown): string {
  const name = (error as { name?: string }).name ?? '';
  if (name === 'PasswordException') return 'PDF is encrypted (a password is required)';
  if (name === 'InvalidPDFException') return 'File is not a readable PDF (corrupt or truncated)';
  const message = error instanceof Error ? error.message : String(error);
  return `Unreadable PDF: ${message}`;
}

/**
 * Opens a PDF from disk just far enough to validate it (header, parse, encryption, page count),
 * streaming it through pdf.js's file reader rather than loading it whole into memory.
 */
// eslint-disable-next-line max-lines-per-function -- the validation steps in order (header, open, encryption, pages, sizes) share one document handle and its finally
export async function inspectPdf(filePath: string, options: InspectPdfOptions): Promise<PdfInfo> {
  if (!(await hasPdfHeader(filePath))) throw new InvalidPdfError('File is not a PDF');
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    url: filePath,
    verbosity: 0,
    // Range reads of only what the checks need, instead of streaming the whole file through.
    disableAutoFetch: true,
    disableStream: true,
    stopAtErrors: true,
  });
  try {
    const doc = await task.promise.catch((error: unknown) => {
      throw new InvalidPdfError(describeLoadError(error));
    });
    const pageCount = doc.numPages;
    if (pageCount < 1) throw new InvalidPdfError('PDF has no pages');
    if (pageCount > options.maxPages) {
      throw new InvalidPdfError(
        `PDF has ${pageCount} pages; this server accepts at most ${options.maxPages}`,
      );
    }
    // The last page must resolve too: a page tree that lies about its size is a corrupt file.
    const wanted = options.allPages
      ? new Set(Array.from({ length: pageCount }, (_, i) => i))
      : new Set([pageCount - 1, ...(options.pages ?? []).filter((p) => p >= 0 && p < pageCount)]);
    const limit = options.maxPageSidePt ?? MAX_PAGE_SIDE_PT;
    const pages: InspectedPage[] = [];
    for (const index of [...wanted].sort((a, b) => a - b)) {
      const page = await doc.getPage(index + 1).catch((error: unknown) => {
        throw new InvalidPdfError(
          `PDF page tree is broken: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
      const [x0, y0, x1, y1] = page.view;
      const side = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0));
      if (!(side <= limit)) {
        throw new InvalidPdfError(
          `PDF page ${index + 1} is too large (page size ${Math.round(side)} pt; at most ${limit} pt per side)`,
        );
      }
      // docs/pdf-traps.md trap 7: round the viewport, as the renderers size their pages.
      const viewport = page.getViewport({ scale: CLIENT_DPI / 72 });
      pages.push({
        page: index,
        width: Math.round(viewport.width),
        height: Math.round(viewport.height),
      });
      page.cleanup();
    }
    return { pageCount, pages };
  } finally {
    await task.destroy();
  }
}
