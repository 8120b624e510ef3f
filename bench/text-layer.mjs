// Text layer benchmark (issue 15): the text of every fixture block that has an expected text
// (MuPDF's, ../shared/fixtures/pdfs/expected) read by the PDFium renderer's text API and by
// pdf.js, scored as mean similarity (1 − Levenshtein / length) and exact matches. Prints figures;
// asserts nothing. `--show pdfium|pdfjs` lists that reader's mismatches.
//
//   npx node bench/text-layer.mjs [--show pdfium]        (after a build of ocr-core)
await import('./source-hooks.mjs');
const { PdfiumRenderer, PdfJsRenderer } = await import('../libs/render/src/index.ts');
import { readdirSync, readFileSync } from 'node:fs';
import { distance } from 'fastest-levenshtein';
const D = '../shared/fixtures/pdfs';
const sim = (a, b) => {
  const n = Math.max(a.length, b.length);
  return n === 0 ? 1 : 1 - distance(a, b) / n;
};
const renderers = {
  pdfium: new PdfiumRenderer({ threads: 0, textLayer: 'pdfium' }),
  pdfjs: new PdfJsRenderer({ threads: 0 }),
};
const tot = { pdfium: [], pdfjs: [] };
for (const f of readdirSync(`${D}/annotations`)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const doc = JSON.parse(readFileSync(`${D}/annotations/${f}`, 'utf8'));
  const expected = JSON.parse(readFileSync(`${D}/expected/${f}`, 'utf8'));
  const blocks = doc.pages.flatMap((p) => p.blocks).filter((b) => expected[b.id] !== undefined);
  const line = [f.slice(0, 16)];
  for (const [name, r] of Object.entries(renderers)) {
    const s = await r.open(`${D}/${doc.pdf_path}`);
    const texts = await s.textLayers(blocks);
    await s.close();
    const sims = blocks.map((b) => sim(texts.get(b.id), expected[b.id]));
    tot[name].push(...sims);
    line.push(
      name,
      (sims.reduce((a, b) => a + b, 0) / Math.max(1, sims.length)).toFixed(3),
      'exact',
      sims.filter((x) => x === 1).length + '/' + sims.length,
    );
    if (process.argv[3] === name && process.argv[2] === '--show')
      for (const b of blocks)
        if (texts.get(b.id) !== expected[b.id])
          console.log(
            '  ',
            name,
            JSON.stringify(texts.get(b.id).slice(0, 80)),
            '\n   exp',
            JSON.stringify(expected[b.id].slice(0, 80)),
          );
  }
  console.log(line.join(' '));
}
for (const [k, v] of Object.entries(tot))
  console.log(
    k,
    'mean similarity',
    (v.reduce((a, b) => a + b, 0) / v.length).toFixed(4),
    'exact',
    v.filter((x) => x === 1).length,
    '/',
    v.length,
  );
process.exit(0);
