// Vector crops made from the page's encoded content (page-form.ts) against pdf-lib's `embedPage`
// (the way every crop was made before): both rendered by pdf.js and by PDFium must be the same
// picture, on the rotated A0 sheet, a polygon, pages with several content streams, an unfiltered
// one, and the book; the form keeps the page's stream as it is in the file; nothing unused is
// written.
import { jest } from '@jest/globals';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRawStream,
  PDFRef,
  StandardFonts,
  type PDFObject,
} from 'pdf-lib';
import type { Block, PdfRenderer } from '@remote-ocr/ocr-core';
import { PdfiumRenderer } from '../pdfium/pdfium-renderer.js';
import { PdfJsRenderer } from './pdfjs-renderer.js';
import { vectorCrop, type VectorCropForm } from './vector-crop.js';
import { WHOLE_PAGE, fixture, inkShare, renderWholePage } from './__fixtures__/fixtures.js';

jest.setTimeout(120_000);

/** Share of pixels whose R, G or B differ by more than `tolerance`. */
function differingShare(
  a: { rgba: Uint8ClampedArray },
  b: { rgba: Uint8ClampedArray },
  tolerance = 0,
): number {
  let differing = 0;
  for (let i = 0; i < a.rgba.length; i += 4) {
    const d = Math.max(
      Math.abs(a.rgba[i] - b.rgba[i]),
      Math.abs(a.rgba[i + 1] - b.rgba[i + 1]),
      Math.abs(a.rgba[i + 2] - b.rgba[i + 2]),
    );
    if (d > tolerance) differing++;
  }
  return differing / (a.rgba.length / 4);
}

const TEXT = 'BT /F1 24 Tf 20 40 Td (Hex) Tj ET 0 0 m 200 100 l S';
const HEX = `${Buffer.from(TEXT).toString('hex')}>`;
const HALF: Block = { ...WHOLE_PAGE, coords_norm: [0, 0, 0.5, 1] };

/**
 * A one-page PDF whose content stream is ASCIIHex-encoded; `encrypted` only marks it so (an
 * /Encrypt entry in the trailer, the stream left in clear), which is what the crop looks at.
 */
async function hexPagePdf({ encrypted = false } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = doc.context.register(
    doc.context.obj({ Type: 'Font', Subtype: 'Type1', BaseFont: StandardFonts.Helvetica }),
  );
  const page = doc.addPage([200, 100]);
  page.node.set(PDFName.of('Resources'), doc.context.obj({ Font: { F1: font } }));
  const stream = doc.context.stream(HEX, { Filter: 'ASCIIHexDecode' });
  page.node.set(PDFName.of('Contents'), doc.context.register(stream));
  if (encrypted) {
    doc.context.trailerInfo.Encrypt = doc.context.register(
      doc.context.obj({ Filter: 'Standard', V: 1, R: 2 }),
    );
  }
  return doc.save({ useObjectStreams: false });
}

/** The form XObject the crop's page draws. */
function cropForm(crop: PDFDocument): PDFRawStream {
  const xobjects = crop.getPage(0).node.Resources()!.lookup(PDFName.of('XObject'), PDFDict);
  const [[, ref]] = xobjects.entries();
  return rawStream(crop, ref);
}

function rawStream(doc: PDFDocument, ref: PDFObject | undefined): PDFRawStream {
  const stream = doc.context.lookup(ref);
  if (!(stream instanceof PDFRawStream)) throw new Error(`not a stream: ${String(stream)}`);
  return stream;
}

/**
 * The block of a fixture: its IMAGE block on `page`, or its polygon there taken as one. On the A0
 * sheet both are on blank paper, so there it is the drawing near the middle (a triangle for the
 * polygon; client pixels of the 14042 × 9933 displayed sheet).
 */
function fixtureBlock(prefix: string, page: number, shape: 'rectangle' | 'polygon'): Block {
  if (prefix === '02') {
    const [x0, y0, x1, y1] = [4213, 4172, 7021, 6158];
    return {
      ...WHOLE_PAGE,
      coords_px: [x0, y0, x1, y1],
      coords_norm: [x0 / 14042, y0 / 9933, x1 / 14042, y1 / 9933],
      shape_type: shape,
      ...(shape === 'polygon' && {
        polygon_points: [
          [x0, y0],
          [x1, y0],
          [(x0 + x1) / 2, y1],
        ],
      }),
    };
  }
  const found = fixture(prefix).blocks.find(
    (b) =>
      b.page_index === page &&
      (shape === 'polygon' ? b.shape_type === 'polygon' : b.block_type === 'image'),
  );
  if (!found) throw new Error(`no ${shape} block on page ${page} of ${prefix}`);
  return { ...found, block_type: 'image' };
}

async function loadFixture(prefix: string): Promise<PDFDocument> {
  const { readFile } = await import('node:fs/promises');
  return PDFDocument.load(await readFile(fixture(prefix).pdfPath), {
    updateMetadata: false,
    ignoreEncryption: true,
  });
}

describe('vector crop from the encoded content', () => {
  const renderers: Array<[string, PdfRenderer]> = [
    ['pdf.js', new PdfJsRenderer({ threads: 0 })],
    ['PDFium', new PdfiumRenderer({ threads: 0 })],
  ];

  it.each([
    ['02', 0, 'rectangle', 'the rotated A0 sheet (/Rotate 90), where it is drawn', 72],
    ['02', 0, 'polygon', 'a polygon on the rotated A0 sheet', 72],
    ['07', 0, 'polygon', 'a polygon on a born-digital page', 100],
    ['06', 4, 'rectangle', 'a scan with an OCR layer: three content streams', 100],
    ['06', 4, 'polygon', 'a polygon over three content streams', 100],
    ['03', 0, 'rectangle', 'a drawing with two content streams', 100],
    ['05', 0, 'rectangle', 'a scan whose one content stream is unfiltered', 100],
    ['10', 9, 'rectangle', 'the book', 150],
  ] as const)(
    '%s page %i, %s (%s): renders as the embedPage crop',
    async (prefix, page, shape, _what, dpi) => {
      const source = await loadFixture(prefix);
      const block = fixtureBlock(prefix, page, shape);
      const crops = await Promise.all(
        (['content', 'embedPage'] as VectorCropForm[]).map((form) =>
          vectorCrop(source, block, undefined, form),
        ),
      );
      for (const [name, renderer] of renderers) {
        const [fromContent, fromEmbedPage] = await Promise.all(
          crops.map((crop) => renderWholePage(renderer, crop, dpi)),
        );
        expect([name, fromContent.width, fromContent.height]).toEqual([
          name,
          fromEmbedPage.width,
          fromEmbedPage.height,
        ]);
        expect(inkShare(fromEmbedPage, undefined, 250)).toBeGreaterThan(0.001);
        expect([name, differingShare(fromContent, fromEmbedPage)]).toEqual([name, 0]);
      }
    },
  );

  it('draws the page content stream as it is encoded in the file, with its filter', async () => {
    const source = await loadFixture('10');
    const block = fixtureBlock('10', 9, 'rectangle');
    const contents = source.getPage(9).node.Contents();
    const original = rawStream(source, contents instanceof PDFArray ? contents.get(0) : contents);
    const crop = await PDFDocument.load(await vectorCrop(source, block));
    const form = cropForm(crop);
    expect(Buffer.from(form.contents).equals(Buffer.from(original.contents))).toBe(true);
    expect(form.dict.get(PDFName.of('Filter'))).toBe(PDFName.of('FlateDecode'));
  });

  it('keeps a filter other than Flate (ASCIIHex) as it is', async () => {
    const source = await PDFDocument.load(await hexPagePdf());
    const crop = await PDFDocument.load(await vectorCrop(source, HALF));
    const form = cropForm(crop);
    expect(form.dict.get(PDFName.of('Filter'))).toBe(PDFName.of('ASCIIHexDecode'));
    expect(Buffer.from(form.contents).toString()).toBe(HEX);
    const [rendered, reference] = await Promise.all([
      renderWholePage(renderers[0][1], await vectorCrop(source, HALF), 144),
      renderWholePage(renderers[0][1], await vectorCrop(source, HALF, undefined, 'embedPage'), 144),
    ]);
    expect(inkShare(rendered)).toBeGreaterThan(0.01);
    expect(differingShare(rendered, reference)).toBe(0);
  });

  it('leaves an encrypted source to embedPage (its stream bytes are ciphered by object number)', async () => {
    const source = await PDFDocument.load(await hexPagePdf({ encrypted: true }), {
      ignoreEncryption: true,
    });
    expect(source.isEncrypted).toBe(true);
    const crop = await PDFDocument.load(await vectorCrop(source, HALF));
    expect(cropForm(crop).dict.get(PDFName.of('Filter'))).toBe(PDFName.of('FlateDecode'));
  });

  it('writes only the objects the crop uses (no copy of the page, its annotations or its streams)', async () => {
    // Page 100 of the book carries link annotations, which a copied page would bring along.
    const source = await loadFixture('10');
    const block = fixtureBlock('10', 99, 'rectangle');
    const crop = await PDFDocument.load(await vectorCrop(source, block));
    const written = crop.context.enumerateIndirectObjects().map(([ref]) => ref.toString());
    expect(new Set(written)).toEqual(reachable(crop));
  });
});

/** Refs reachable from the trailer's /Root (and /Info) of a parsed PDF. */
function reachable(doc: PDFDocument): Set<string> {
  const seen = new Set<string>();
  const visit = (object: PDFObject | undefined): void => {
    if (object instanceof PDFRef) {
      if (seen.has(object.toString())) return;
      seen.add(object.toString());
      visit(doc.context.lookup(object));
    } else if (object instanceof PDFDict) {
      for (const [, value] of object.entries()) visit(value);
    } else if (object instanceof PDFArray) {
      for (const value of object.asArray()) visit(value);
    } else if (object instanceof PDFRawStream) {
      visit(object.dict);
    }
  };
  visit(doc.context.trailerInfo.Root);
  visit(doc.context.trailerInfo.Info);
  return seen;
}
