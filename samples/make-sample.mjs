#!/usr/bin/env node
// Regenerates samples/sample.pdf and samples/sample.blocks.json: our own small test document
// (two A4 pages, Russian text in DejaVu Sans, a ruled table, a vector floor plan) and its blocks in
// the desktop client's Document format (SPEC §3). Run: `npm exec -- node samples/make-sample.mjs`.
// Output is deterministic (fixed dates, no random ids), so a regeneration shows up in git only
// when this script changes.
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const fontDir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

const A4 = { width: 595.28, height: 841.89 };
const DPI = 300;
const PX = DPI / 72;
const FIXED_DATE = new Date('2025-01-15T09:00:00Z');
const black = rgb(0, 0, 0);
const grey = rgb(0.45, 0.45, 0.45);

/** Page size in 300-DPI pixels, rounded as renderers do. */
const pagePx = { width: Math.round(A4.width * PX), height: Math.round(A4.height * PX) };

/** A block from a box in points (top-left origin): coords_px ints, coords_norm = px / page. */
function block(id, pageIndex, type, [x1, y1, x2, y2], extra = {}) {
  const px = [x1, y1, x2, y2].map((v) => Math.round(v * PX));
  const norm = px.map((v, i) =>
    Number((v / (i % 2 === 0 ? pagePx.width : pagePx.height)).toFixed(6)),
  );
  return {
    id,
    page_index: pageIndex,
    coords_px: px,
    coords_norm: norm,
    block_type: type,
    shape_type: 'rectangle',
    source: 'user',
    created_at: FIXED_DATE.toISOString(),
    ...extra,
  };
}

/** pdf-lib draws from the bottom-left; our layout is in top-left coordinates. */
const flipY = (y) => A4.height - y;

function drawParagraph(page, font, lines, x, top, size) {
  lines.forEach((line, i) => {
    page.drawText(line, { x, y: flipY(top + size * 1.4 * (i + 1)), size, font, color: black });
  });
}

function drawTable(page, font, bold, x, top, colWidths, rows, rowHeight) {
  const width = colWidths.reduce((a, b) => a + b, 0);
  const height = rowHeight * rows.length;
  for (let r = 0; r <= rows.length; r++) {
    const y = flipY(top + r * rowHeight);
    page.drawLine({ start: { x, y }, end: { x: x + width, y }, thickness: r === 1 ? 1.2 : 0.6 });
  }
  let cx = x;
  for (let c = 0; c <= colWidths.length; c++) {
    page.drawLine({
      start: { x: cx, y: flipY(top) },
      end: { x: cx, y: flipY(top + height) },
      thickness: 0.6,
    });
    cx += colWidths[c] ?? 0;
  }
  rows.forEach((cells, r) => {
    let cellX = x;
    cells.forEach((text, c) => {
      const f = r === 0 ? bold : font;
      page.drawText(text, {
        x: cellX + 5,
        y: flipY(top + r * rowHeight + rowHeight * 0.68),
        size: 10,
        font: f,
      });
      cellX += colWidths[c];
    });
  });
  return [x, top, x + width, top + height];
}

/** A small floor plan: walls, a door swing, a column, dimension lines with labels. */
function drawPlan(page, font, x, top) {
  const w = 300;
  const h = 200;
  page.drawRectangle({
    x,
    y: flipY(top + h),
    width: w,
    height: h,
    borderWidth: 3,
    borderColor: black,
  });
  page.drawLine({
    start: { x: x + 180, y: flipY(top) },
    end: { x: x + 180, y: flipY(top + 120) },
    thickness: 2,
  });
  page.drawLine({
    start: { x: x + 180, y: flipY(top + 160) },
    end: { x: x + 180, y: flipY(top + h) },
    thickness: 2,
  });
  page.drawSvgPath('M 0 0 A 40 40 0 0 1 40 40', {
    x: x + 180,
    y: flipY(top + 120),
    borderWidth: 0.8,
    borderColor: grey,
  });
  page.drawCircle({ x: x + 90, y: flipY(top + 100), size: 12, color: grey });
  const dimY = top + h + 22;
  page.drawLine({
    start: { x, y: flipY(dimY) },
    end: { x: x + w, y: flipY(dimY) },
    thickness: 0.6,
  });
  for (const tx of [x, x + w]) {
    page.drawLine({
      start: { x: tx, y: flipY(dimY - 5) },
      end: { x: tx, y: flipY(dimY + 5) },
      thickness: 0.6,
    });
  }
  page.drawText('6000', { x: x + w / 2 - 12, y: flipY(dimY - 4), size: 9, font });
  page.drawText('Помещение 101', { x: x + 30, y: flipY(top + 40), size: 10, font });
  page.drawText('Тамбур', { x: x + 200, y: flipY(top + 40), size: 10, font });
  return [x - 10, top - 10, x + w + 10, dimY + 14];
}

async function main() {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle('Remote OCR sample');
  doc.setCreator('samples/make-sample.mjs');
  doc.setProducer('pdf-lib');
  doc.setCreationDate(FIXED_DATE);
  doc.setModificationDate(FIXED_DATE);
  const font = await doc.embedFont(await readFile(path.join(fontDir, 'DejaVuSans.ttf')), {
    subset: true,
  });
  const bold = await doc.embedFont(await readFile(path.join(fontDir, 'DejaVuSans-Bold.ttf')), {
    subset: true,
  });

  const p1 = doc.addPage([A4.width, A4.height]);
  p1.drawText('Пояснительная записка', { x: 60, y: flipY(90), size: 20, font: bold });
  drawParagraph(
    p1,
    font,
    [
      'Проект: жилой дом, секция 2. Раздел АР, лист 3.',
      'Стены наружные — кирпич 380 мм, утеплитель 150 мм.',
      'Отметка чистого пола первого этажа 0.000 = 152.40.',
      'Sample document of the Remote OCR Server (English line).',
    ],
    60,
    105,
    12,
  );
  const tableBox = drawTable(
    p1,
    font,
    bold,
    60,
    230,
    [70, 250, 80],
    [
      ['Поз.', 'Наименование', 'Кол-во'],
      ['1', 'Окно ОК-1 1500×1800', '12'],
      ['2', 'Дверь ДН-2 900×2100', '4'],
      ['3', 'Перемычка 2ПБ 19-3', '16'],
    ],
    24,
  );

  const p2 = doc.addPage([A4.width, A4.height]);
  p2.drawText('План помещения (схема)', { x: 60, y: flipY(80), size: 16, font: bold });
  const planBox = drawPlan(p2, font, 120, 130);
  drawParagraph(
    p2,
    font,
    ['Примечание: размеры даны в миллиметрах.', 'Колонна К-1 показана условно.'],
    60,
    400,
    11,
  );

  const blocks = [
    [block('SMPL-TEXT-001', 0, 'text', [50, 65, 545, 185])],
    [
      block('SMPL-TABL-002', 0, 'table', [
        tableBox[0] - 8,
        tableBox[1] - 8,
        tableBox[2] + 8,
        tableBox[3] + 8,
      ]),
    ],
    [
      block('SMPL-IMAG-003', 1, 'image', planBox, {
        hint: 'План помещения: перечисли помещения и размеры',
      }),
    ],
    [block('SMPL-TEXT-004', 1, 'text', [50, 395, 545, 450])],
  ].flat();
  const document = {
    pdf_path: 'sample.pdf',
    pages: [0, 1].map((i) => ({
      page_number: i,
      width: pagePx.width,
      height: pagePx.height,
      blocks: blocks.filter((b) => b.page_index === i),
    })),
  };

  const bytes = await doc.save({ useObjectStreams: true });
  await writeFile(path.join(here, 'sample.pdf'), bytes);
  await writeFile(path.join(here, 'sample.blocks.json'), `${JSON.stringify(document, null, 2)}\n`);
  console.log(
    `samples/sample.pdf: ${bytes.length} bytes, ${doc.getPageCount()} pages, ${blocks.length} blocks`,
  );
}

await main();
