import { readFile } from 'node:fs/promises';

describe('pdfjs in jest', () => {
  it('opens a fixture', async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const data = new Uint8Array(await readFile('../shared/fixtures/pdfs/11_paper_tracemonkey.pdf'));
    const doc = await pdfjs.getDocument({ data, verbosity: 0 }).promise;
    expect(doc.numPages).toBe(14);
  });
});
