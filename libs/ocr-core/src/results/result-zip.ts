import { cropName, JOB_OBJECT_NAMES } from '@remote-ocr/contracts';
import JSZip from 'jszip';

export interface ResultZipParts {
  resultMd: string | Uint8Array;
  annotationJson: string | Uint8Array;
  documentPdf: Uint8Array;
  /** Vector PDF crops of IMAGE blocks, stored as `crops/image_<id>.pdf`. */
  crops: ReadonlyArray<{ blockId: string; pdf: Uint8Array }>;
  /** Entry timestamps (default: now); pass one for byte-identical archives. */
  date?: Date;
}

/** Already-compressed formats gain ~nothing from DEFLATE and cost 10× the time (PDF-NOTES). */
const STORED = /\.(pdf|png|jpe?g|webp|zip)$/i;

/**
 * `result.zip` (SPEC §5): result.md, annotation.json, document.pdf and crops/*.pdf. PDFs and
 * images are STOREd, text is DEFLATEd.
 */
export async function buildResultZip(parts: ResultZipParts): Promise<Uint8Array> {
  const zip = new JSZip();
  const date = parts.date ?? new Date();
  const add = (name: string, data: string | Uint8Array): void => {
    const compression = STORED.test(name) ? 'STORE' : 'DEFLATE';
    zip.file(name, data, { date, compression, compressionOptions: { level: 6 } });
  };
  add(JOB_OBJECT_NAMES.result_md, parts.resultMd);
  add(JOB_OBJECT_NAMES.annotation, parts.annotationJson);
  add(JOB_OBJECT_NAMES.pdf, parts.documentPdf);
  for (const crop of parts.crops) {
    if (/[/\\]|^\./.test(crop.blockId))
      throw new RangeError(`Unsafe block id for a zip entry: ${crop.blockId}`);
    add(cropName(crop.blockId), crop.pdf);
  }
  return zip.generateAsync({ type: 'uint8array', platform: 'UNIX' });
}
