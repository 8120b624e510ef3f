import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { PageSize } from '../geometry.js';
import { t } from '../i18n.js';
import type { LoadedPdf } from '../pdf-render.js';

/** Loads pdf.js on first use only (its own chunk) and opens the bytes. */
export async function loadPdf(data: ArrayBuffer): Promise<LoadedPdf> {
  const { openPdf } = await import('../pdf-render.js');
  return openPdf(data);
}

export interface ShownPage {
  index: number;
  shown: { width: number; height: number };
  size: PageSize;
  canvas: HTMLCanvasElement;
}

/**
 * One page of an open PDF drawn `width` pixels wide, with page navigation; `children` gets the
 * page once drawn, to lay blocks over it.
 */
// eslint-disable-next-line max-lines-per-function -- the render effect and the pager markup of one page
export function PdfPage(props: {
  pdf: LoadedPdf;
  width: number;
  index: number;
  onIndex: (i: number) => void;
  children: (page: ShownPage) => ReactNode;
  /** Shown beside the page (the job view's block panel). */
  side?: (page: ShownPage) => ReactNode;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [page, setPage] = useState<ShownPage | null>(null);
  const { pdf, index, width } = props;
  useEffect(() => {
    let live = true;
    const el = canvas.current!;
    void Promise.all([pdf.render(index, el, width), pdf.pageSize(index)]).then(([shown, size]) => {
      if (live) setPage({ index, shown, size, canvas: el });
    });
    return () => {
      live = false;
    };
  }, [pdf, index, width]);
  const last = pdf.pageCount - 1;
  return (
    <div className="pdf-page">
      <div className="pager">
        <button
          type="button"
          onClick={() => props.onIndex(index - 1)}
          disabled={index <= 0}
          aria-label={t('prev')}
        >
          ‹
        </button>
        <span>{t('page', { n: index + 1, total: pdf.pageCount })}</span>
        <button
          type="button"
          onClick={() => props.onIndex(index + 1)}
          disabled={index >= last}
          aria-label={t('next')}
        >
          ›
        </button>
      </div>
      <div className="page-row">
        <div className="page-stack">
          <canvas ref={canvas} />
          {page && page.index === index && props.children(page)}
        </div>
        {page && page.index === index && props.side?.(page)}
      </div>
    </div>
  );
}
