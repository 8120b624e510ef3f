import type { AnnotationDocument } from './geometry.js';

/** What the job view reads from result.zip (docs/contract.md §5). */
export interface JobResult {
  pdf: ArrayBuffer;
  annotation: AnnotationDocument;
  resultMd: string;
  /** The downloads offered: result.zip itself, result.md, annotation.json. */
  downloads: { name: string; blob: Blob }[];
}

/**
 * Reads result.zip in the browser. The api offers the job's objects only through this archive's
 * signed link (no route serves document.pdf or annotation.json alone to a browser), so the job
 * view takes the page, the block rectangles and texts from it; jszip loads with this module only.
 */
export async function readResultZip(zipBlob: Blob): Promise<JobResult> {
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(await zipBlob.arrayBuffer());
  const need = (name: string) => {
    const f = zip.file(name);
    if (!f) throw new Error(`result.zip has no ${name}`);
    return f;
  };
  const [pdf, annotationText, resultMd] = await Promise.all([
    need('document.pdf').async('arraybuffer'),
    need('annotation.json').async('string'),
    need('result.md').async('string'),
  ]);
  return {
    pdf,
    annotation: JSON.parse(annotationText) as AnnotationDocument,
    resultMd,
    downloads: [
      { name: 'result.zip', blob: zipBlob },
      { name: 'result.md', blob: new Blob([resultMd], { type: 'text/markdown' }) },
      { name: 'annotation.json', blob: new Blob([annotationText], { type: 'application/json' }) },
    ],
  };
}
