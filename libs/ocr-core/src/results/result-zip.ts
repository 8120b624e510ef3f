import { createReadStream } from 'node:fs';
import { buffer } from 'node:stream/consumers';
import { PassThrough, type Readable } from 'node:stream';
import { cropName, JOB_OBJECT_NAMES } from '@remote-ocr/contracts';
import JSZip from 'jszip';

export interface ResultZipParts {
  resultMd: string | Uint8Array;
  annotationJson: string | Uint8Array;
  /** The document's bytes, or the path of its file (read as the archive is written). */
  documentPdf: Uint8Array | string;
  /** Vector PDF crops of IMAGE blocks, stored as `crops/image_<id>.pdf`. */
  crops: ReadonlyArray<{ blockId: string; pdf: Uint8Array }>;
  /** Entry timestamps (default: now); pass one for byte-identical archives. */
  date?: Date;
}

/** Already-compressed formats gain ~nothing from DEFLATE and cost 10× the time (docs/pdf-traps.md). */
const STORED = /\.(pdf|png|jpe?g|webp|zip)$/i;

/**
 * `result.zip` (docs/contract.md §5) as a stream: result.md, annotation.json, document.pdf and crops/*.pdf;
 * PDFs and images are STOREd, text is DEFLATEd. Entries are written as they are read (sizes in
 * data descriptors) and a document given by path streams from disk, so neither the PDF nor the
 * archive is ever whole in memory — a 200 MB upload would otherwise cost the worker 400 MB here.
 */
export function resultZipStream(parts: ResultZipParts): Readable {
  const zip = new JSZip();
  const date = parts.date ?? new Date();
  const add = (name: string, data: string | Uint8Array | Readable): void => {
    const compression = STORED.test(name) ? 'STORE' : 'DEFLATE';
    zip.file(name, data, { date, compression, compressionOptions: { level: 6 } });
  };
  for (const crop of parts.crops) {
    if (/[/\\]|^\./.test(crop.blockId))
      throw new RangeError(`Unsafe block id for a zip entry: ${crop.blockId}`);
  }
  add(JOB_OBJECT_NAMES.result_md, parts.resultMd);
  add(JOB_OBJECT_NAMES.annotation, parts.annotationJson);
  // JSZip's stream is an old-style one (no async iteration): hand it on through a PassThrough.
  // JSZip does not pass on errors of an input stream (the archive would just stop), so the
  // document's read errors end the output here.
  const out = new PassThrough();
  const pdf = parts.documentPdf;
  add(
    JOB_OBJECT_NAMES.pdf,
    typeof pdf === 'string' ? createReadStream(pdf).on('error', (e) => out.destroy(e)) : pdf,
  );
  for (const crop of parts.crops) add(cropName(crop.blockId), crop.pdf);
  zip
    .generateNodeStream({ platform: 'UNIX', streamFiles: true })
    .on('error', (error: Error) => out.destroy(error))
    .pipe(out);
  return out;
}

/** The whole archive in memory (small results, tests). */
export async function buildResultZip(parts: ResultZipParts): Promise<Uint8Array> {
  return new Uint8Array(await buffer(resultZipStream(parts)));
}
