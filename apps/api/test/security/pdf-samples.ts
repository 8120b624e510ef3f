import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDict, PDFDocument, PDFName, PDFNumber, StandardFonts } from 'pdf-lib';

const run = promisify(execFile);

/** A4 at 300 DPI, the page size blocks of the good sample are measured in. */
export const A4_PX = { width: 2480, height: 3508 } as const;

export const sha256 = (bytes: Uint8Array): string =>
  createHash('sha256').update(bytes).digest('hex');

/** A small born-digital PDF with a text layer on every page. */
export async function textPdf(pages = 2): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([595.28, 841.89]);
    page.drawText(`Sample page ${i + 1}: the quick brown fox`, { x: 60, y: 760, size: 18, font });
  }
  // Plain objects (no object streams) so the byte surgery below can find `/Count`.
  return doc.save({ useObjectStreams: false });
}

/** A two-page PDF whose pages have the given MediaBox size in points. */
export async function sizedPdf(width: number, height: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([width, height]);
  doc.addPage([width, height]);
  return doc.save({ useObjectStreams: false });
}

/**
 * A PDF with an empty page tree (`/Count 0`), written by hand: pdf-lib adds a blank page to a
 * document without pages when saving.
 */
export function zeroPagePdf(): Uint8Array {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>'];
  let out = '%PDF-1.7\n';
  const offsets = objects.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const at of offsets) out += `${String(at).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** The page tree lies about its size: `/Count` says `count` while `real` pages exist. */
export async function countLiePdf(count: number, real = 2): Promise<Uint8Array> {
  const doc = await PDFDocument.load(await textPdf(real));
  const pages = doc.catalog.lookup(PDFName.of('Pages'), PDFDict);
  pages.set(PDFName.of('Count'), PDFNumber.of(count));
  return doc.save({ useObjectStreams: false });
}

/** Encrypts with a user password using Debian's `qpdf` (AES-256). */
export async function encryptedPdf(pdf: Uint8Array): Promise<Uint8Array> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'remote-ocr-qpdf-'));
  try {
    const plain = path.join(dir, 'plain.pdf');
    const locked = path.join(dir, 'locked.pdf');
    await writeFile(plain, pdf);
    await run('qpdf', ['--encrypt', 'user-secret', 'owner-secret', '256', '--', plain, locked]);
    return await readFile(locked);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Blocks of the good sample: one text block per page, inside the page. */
export function goodBlocks(pages = 2): Array<Record<string, unknown>> {
  return Array.from({ length: pages }, (_, i) => ({
    id: `GOOD-BLCK-00${i}`,
    page_index: i,
    coords_px: [248, 351, 2232, 1052],
    coords_norm: [0.1, 0.1, 0.9, 0.3],
    block_type: 'text',
    shape_type: 'rectangle',
  }));
}
