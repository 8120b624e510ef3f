// `auto` engine benchmark (issue 19): on the fixtures with a text layer, the same job run with
// `openrouter` (every block to the model) and with `auto` (text layer first, the model for the
// rest), both against the fake OpenRouter server of @remote-ocr/testing. The fake answers each
// block with its expected text (MuPDF's, ../shared/fixtures/pdfs/expected) with 3 % of its
// characters changed (seeded): a model's misreads. Prints per fixture the blocks each engine sent
// to the model and the character error rate (CER, edit distance / expected length) of the
// result texts against the expected ones, then the totals. `--local` adds the `local` engine with
// and without table rebuilding (its CER must not get worse). Asserts nothing.
//
//   npm run bench -- auto          or, after a build:   npx node bench/auto.mjs [--local] [--only 07,09]
import { readdirSync } from 'node:fs';
import { distance } from 'fastest-levenshtein';
import { AutoEngine, LocalEngine, OpenRouterEngine, TesseractPool } from '@remote-ocr/engines';
import {
  blockMarker,
  buildTableGrid,
  findRulingLines,
  greyOf,
  runPipeline,
} from '@remote-ocr/ocr-core';
import { createRenderer } from '@remote-ocr/render';
import {
  FakeOpenRouterServer,
  NO_NOISE,
  cellAccuracy,
  ruledTables,
  SeededRandom,
  documentBlocks,
  fixturePdfPath,
  fixturesDir,
  loadFixtureAnnotation,
  loadFixtureExpectedTexts,
} from '@remote-ocr/testing';
import { cerText } from './lib/cer-text.mjs';

const withLocal = process.argv.includes('--local');
/** `--only 07,09`: fixtures whose names start with these prefixes. */
const only = process.argv.includes('--only')
  ? process.argv[process.argv.indexOf('--only') + 1].split(',')
  : null;
const CHAR_NOISE = 0.03;
const LETTERS = 'abcdefghijklmnopqrstuvwxyzабвгдежзиклмнопрстуфхцчшщыэюя0123456789';

/** The expected text with `CHAR_NOISE` of its characters replaced, the same way on every run. */
function misread(text, seed) {
  const random = new SeededRandom(seed);
  return Array.from(text)
    .map((ch) =>
      /\s/.test(ch) || !random.chance(CHAR_NOISE) ? ch : random.pick(Array.from(LETTERS)),
    )
    .join('');
}

const seedOf = (marker) =>
  Array.from(marker).reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 19);

const fixtures = readdirSync(`${fixturesDir()}/pdfs/expected`)
  .map((f) => f.replace(/\.json$/, ''))
  .filter(
    (name) =>
      Object.keys(loadFixtureExpectedTexts(name)).length > 0 &&
      (!only || only.some((prefix) => name.startsWith(prefix))),
  )
  .sort();

const fake = await FakeOpenRouterServer.start();
const renderer = createRenderer({ renderer: 'pdfium', threads: 1 });
const openrouter = new OpenRouterEngine({ apiKey: 'sk-bench', baseUrl: fake.url });
const engines = { openrouter, auto: new AutoEngine(openrouter) };
if (withLocal) {
  const local = new LocalEngine({ workers: 1 });
  engines.local = local;
  // the local engine as it was before table rebuilding: TABLE blocks get no table hints
  engines['local-plain'] = {
    name: 'local',
    needsBlockCrops: true,
    recognize: (r) =>
      local.recognize({ ...r, blocks: r.blocks.map((b) => ({ ...b, table: undefined })) }),
  };
}

/** Runs one job in this process; returns each block's text and the engine recorded for it. */
async function runJob(engine, name, blocks) {
  const results = new Map();
  await runPipeline({
    engine,
    renderer,
    source: { fetchPdf: async () => fixturePdfPath(name), fetchBlocks: async () => blocks },
    sink: { put: async () => undefined },
    checkpoints: {
      list: async () => [],
      save: async (c) => void (c.part === 0 && results.set(c.blockId, c)),
    },
    documentName: `${name}.pdf`,
    settings: { concurrency: 2 },
  });
  return results;
}

const totals = {};
const line = (...cells) => console.log(cells.map((c) => String(c).padEnd(12)).join(''));
line('fixture', 'blocks', ...Object.keys(engines).flatMap((e) => [`${e} sent`, `${e} CER`]));
for (const name of fixtures) {
  const blocks = documentBlocks(loadFixtureAnnotation(name));
  const expected = loadFixtureExpectedTexts(name);
  const byMarker = new Map(blocks.map((b) => [blockMarker(b.id), expected[b.id] ?? '']));
  fake.noise = {
    rates: NO_NOISE,
    seed: 19,
    // seeded by the block, so both engines get the same misreads of the same block
    textFor: (marker) => misread(byMarker.get(marker) ?? '', seedOf(marker)),
  };
  const cells = [name.slice(0, 11), blocks.length];
  for (const [label, engine] of Object.entries(engines)) {
    const results = await runJob(engine, name, blocks);
    const t = (totals[label] ??= { sent: 0, dist: 0, len: 0, blocks: 0 });
    const sent = label.startsWith('local')
      ? 0
      : [...results.values()].filter((r) => r.engine !== 'text_layer').length;
    let dist = 0;
    let len = 0;
    for (const [id, want] of Object.entries(expected)) {
      const got = results.get(id)?.status === 'done' ? results.get(id).text : '';
      dist += distance(cerText(got), cerText(want));
      len += cerText(want).length;
    }
    Object.assign(t, {
      sent: t.sent + sent,
      dist: t.dist + dist,
      len: t.len + len,
      blocks: t.blocks + blocks.length,
    });
    cells.push(label.startsWith('local') ? '-' : sent, (dist / Math.max(1, len)).toFixed(4));
  }
  line(...cells);
}
const [first] = Object.values(totals);
line(
  'TOTAL',
  first.blocks,
  ...Object.values(totals).flatMap((t) => [t.sent || '-', (t.dist / t.len).toFixed(4)]),
);
const fewer = 1 - totals.auto.sent / totals.openrouter.sent;
console.log(
  `auto sent ${totals.auto.sent} of ${totals.openrouter.sent} blocks openrouter sent: ${(fewer * 100).toFixed(1)} % fewer; ` +
    `CER auto ${(totals.auto.dist / totals.auto.len).toFixed(4)} vs openrouter ${(totals.openrouter.dist / totals.openrouter.len).toFixed(4)}`,
);
await tableAccuracy();
await fake.close();
await engines.local?.close();
await renderer.close?.();
process.exit(0);

/**
 * Cell-level accuracy of the table rebuild on ruled tables whose cells were read by eye: from the
 * text layer's words, and from Tesseract's words on the same crop (as on a scan).
 */
async function tableAccuracy() {
  const tesseract = new TesseractPool({ workers: 1 });
  console.log(
    '\ntable rebuild, cell-level accuracy (exact cell text after white-space normalising)',
  );
  for (const table of ruledTables()) {
    const block = {
      id: 't',
      page_index: table.page_index,
      coords_norm: table.coords_norm,
      block_type: 'table',
      shape_type: 'rectangle',
    };
    const session = await renderer.open(table.pdf);
    const options = {
      dpi: 300,
      paddingPx: 5,
      maxHeight: 9000,
      overlapPx: 100,
      raw: false,
      textWords: true,
    };
    let crop;
    for await (const c of session.crop([block], options)) crop = c;
    await session.close();
    const image = await greyOf(renderer.stripImages, crop.parts[0]);
    const rulings = findRulingLines(image);
    const fromLayer = cellAccuracy(buildTableGrid(crop.words ?? [], rulings), table.cells);
    const ocr = await tesseract.recognizeWords(crop.parts[0].png);
    const fromOcr = cellAccuracy(buildTableGrid(ocr.words, rulings), table.cells);
    const cells = table.cells.length * table.cells[0].length;
    console.log(
      `  ${table.name}: ${cells} cells; text layer ${(fromLayer * 100).toFixed(1)} %, Tesseract ${(fromOcr * 100).toFixed(1)} %`,
    );
  }
  await tesseract.close();
}
