import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inspectPdf, InvalidPdfError } from './inspect-pdf.js';

const FIXTURES = path.resolve('../shared/fixtures/pdfs');

describe('inspectPdf', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'inspect-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['10_book_freeculture.pdf', 352],
    ['02_A0_survey_issue14497.pdf', 1],
    ['11_paper_tracemonkey.pdf', 14],
  ])('counts the pages of %s', async (file, pages) => {
    await expect(inspectPdf(path.join(FIXTURES, file), { maxPages: 1000 })).resolves.toMatchObject({
      pageCount: pages,
    });
  });

  it.each(['11_paper_tracemonkey', '01_archD_plan_issue12810', '13_cjk_90ms_rksj_h_sample'])(
    'gives every page of %s the size the desktop client saw',
    async (name) => {
      const annotation = JSON.parse(
        await readFile(path.join(FIXTURES, 'annotations', `${name}.json`), 'utf8'),
      ) as { pages: Array<{ page_number: number; width: number; height: number }> };
      const info = await inspectPdf(path.join(FIXTURES, `${name}.pdf`), {
        maxPages: 100,
        allPages: true,
      });
      expect(info.pages.map((p) => [p.page, p.width, p.height])).toEqual(
        annotation.pages.map((p) => [p.page_number, p.width, p.height]),
      );
    },
  );

  it('refuses more pages than the limit', async () => {
    await expect(
      inspectPdf(path.join(FIXTURES, '10_book_freeculture.pdf'), { maxPages: 100 }),
    ).rejects.toThrow(/352 pages; this server accepts at most 100/);
  });

  it.each([
    ['not a pdf', Buffer.from('hello world, definitely not a PDF'), /not a PDF/],
    ['empty file', Buffer.alloc(0), /not a PDF/],
    ['header only', Buffer.from('%PDF-1.7\n%%EOF\n'), /not a readable PDF|Unreadable|no pages/],
  ])('refuses %s', async (_name, bytes, message) => {
    const file = path.join(dir, `${_name.replace(/\W/g, '_')}.pdf`);
    await writeFile(file, bytes);
    const error = await inspectPdf(file, { maxPages: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidPdfError);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses absurd page sizes on the pages asked about', async () => {
    const { PDFDocument } = await import('pdf-lib');
    const pdf = await PDFDocument.create();
    pdf.addPage([600, 800]);
    pdf.addPage([1e7, 1e7]);
    pdf.addPage([600, 800]);
    const file = path.join(dir, 'huge-page.pdf');
    await writeFile(file, await pdf.save());
    await expect(inspectPdf(file, { maxPages: 10 })).resolves.toEqual({
      pageCount: 3,
      pages: [{ page: 2, width: 2500, height: 3333 }],
    });
    await expect(inspectPdf(file, { maxPages: 10, pages: [1] })).rejects.toThrow(
      /PDF page 2 is too large \(page size 10000000 pt; at most 14400 pt per side\)/,
    );
  });

  it('refuses a truncated PDF', async () => {
    const bytes = await readFile(path.join(FIXTURES, '11_paper_tracemonkey.pdf'));
    const file = path.join(dir, 'truncated.pdf');
    await writeFile(file, bytes.subarray(0, 4000));
    await expect(inspectPdf(file, { maxPages: 100 })).rejects.toBeInstanceOf(InvalidPdfError);
  });
});
