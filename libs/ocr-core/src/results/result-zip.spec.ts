import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import JSZip from 'jszip';
import { buildResultZip, resultZipStream } from './result-zip.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('buildResultZip', () => {
  it('holds result.md, annotation.json, document.pdf and crops/*.pdf, PDFs stored and text deflated', async () => {
    const md = '[[[BLOCK_ID: a]]]\n\n' + 'Текст. '.repeat(200) + '\n';
    const annotation = JSON.stringify({ pdf_path: 'document.pdf', pages: [] }, null, 2);
    const pdf = bytes('%PDF-1.7\n' + 'x'.repeat(1000) + '\n%%EOF');
    const crop = bytes('%PDF-1.7 crop');
    const zipped = await buildResultZip({
      resultMd: md,
      annotationJson: bytes(annotation),
      documentPdf: pdf,
      crops: [{ blockId: 'img-1', pdf: crop }],
      date: new Date('2025-01-02T03:04:05Z'),
    });
    expect(zipped).toBeInstanceOf(Uint8Array);

    const zip = await JSZip.loadAsync(zipped);
    expect(Object.keys(zip.files).sort()).toEqual([
      'annotation.json',
      'crops/',
      'crops/image_img-1.pdf',
      'document.pdf',
      'result.md',
    ]);
    expect(await zip.file('result.md')?.async('string')).toBe(md);
    expect(await zip.file('annotation.json')?.async('string')).toBe(annotation);
    expect(await zip.file('document.pdf')?.async('uint8array')).toEqual(pdf);
    expect(await zip.file('crops/image_img-1.pdf')?.async('uint8array')).toEqual(crop);

    // Compression method per entry, from the central directory (0 = STORE, 8 = DEFLATE).
    const methods = centralDirectoryMethods(zipped);
    expect(methods.get('document.pdf')).toBe(0);
    expect(methods.get('crops/image_img-1.pdf')).toBe(0);
    expect(methods.get('result.md')).toBe(8);
    expect(methods.get('annotation.json')).toBe(8);
  });

  it('is byte-identical for the same parts and date', async () => {
    const parts = {
      resultMd: 'a',
      annotationJson: '{}',
      documentPdf: bytes('%PDF'),
      crops: [],
      date: new Date(0),
    };
    expect(await buildResultZip(parts)).toEqual(await buildResultZip(parts));
  });

  it('streams a document given by path from disk, and fails (not hangs) when it is gone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'result-zip-'));
    try {
      const pdf = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 31) % 251);
      const file = join(dir, 'document.pdf');
      await writeFile(file, pdf);
      const parts = { resultMd: 'm', annotationJson: '{}', documentPdf: file, crops: [] };
      const zip = await JSZip.loadAsync(await buffer(resultZipStream(parts)));
      expect(await zip.file('document.pdf')?.async('uint8array')).toEqual(pdf);
      const missing = resultZipStream({ ...parts, documentPdf: join(dir, 'gone.pdf') });
      await expect(buffer(missing)).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a block id that would escape crops/', async () => {
    const parts = {
      resultMd: '',
      annotationJson: '',
      documentPdf: bytes(''),
      crops: [{ blockId: '../x', pdf: bytes('') }],
    };
    await expect(buildResultZip(parts)).rejects.toThrow(/Unsafe block id/);
  });
});

/** Reads entry name → compression method from the zip's central directory records. */
function centralDirectoryMethods(zip: Uint8Array): Map<string, number> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const out = new Map<string, number>();
  for (let i = 0; i + 46 <= zip.length; i++) {
    if (view.getUint32(i, true) !== 0x02014b50) continue;
    const method = view.getUint16(i + 10, true);
    const nameLength = view.getUint16(i + 28, true);
    out.set(new TextDecoder().decode(zip.subarray(i + 46, i + 46 + nameLength)), method);
  }
  return out;
}
