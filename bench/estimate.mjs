// Estimate benchmark (issue 19): for each fixture, the estimate of `POST /jobs/estimate`
// (ocr-core's estimateJob on the blocks and the PDF's page sizes) next to the usage measured by
// running the job in this process — the real renderer, the real OpenRouter engine adapter and the
// fake OpenRouter server, which reports tokens measured from each request (28 px image patches,
// prompt and answer bytes) at its model prices. Prints estimate/measured ratios; asserts nothing
// (the ±20 % check on tokens is apps/api/test/e2e/costs.openrouter.spec.ts).
//
//   npm run bench -- estimate            (builds first)
//   node bench/estimate.mjs --all        (every fixture with an annotation; slow)
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { OpenRouterEngine } from '@remote-ocr/engines';
import {
  DEFAULT_PIPELINE_SETTINGS,
  estimateJob,
  parseBlocksFile,
  resolveStripLayout,
  runPipeline,
} from '@remote-ocr/ocr-core';
import { createRenderer, inspectPdf } from '@remote-ocr/render';
import { FAKE_MODEL_PRICES, FakeOpenRouterServer } from '@remote-ocr/testing';
import { fixturePdf, loadAnnotation } from './lib/blocks.mjs';

const MODEL = 'qwen/qwen3-vl-30b-a3b-instruct';
const PRICES = { [MODEL]: FAKE_MODEL_PRICES[MODEL] };
const DEFAULT_SET = [
  '11_paper_tracemonkey',
  '04_A3_fin_tables_issue14297',
  '07_ru_dissertation_luatex',
  '08_ru_Def_positions',
];
const FIXTURES = path.resolve(import.meta.dirname, '../../shared/fixtures/pdfs/annotations');
const names = process.argv.includes('--all')
  ? readdirSync(FIXTURES).map((f) => f.replace(/\.json$/, ''))
  : DEFAULT_SET;
const layout = resolveStripLayout({ maxHeight: 9000, maxWidth: 4000 });

async function estimateOf(name, blocks) {
  const pages = [...new Set(blocks.map((b) => b.page_index))];
  const info = await inspectPdf(fixturePdf(name), { maxPages: 100_000, pages });
  const pageSizes = [];
  for (const p of info.pages) pageSizes[p.page] = { width: p.width, height: p.height };
  const openrouter = { name: 'openrouter', usesModel: true };
  return estimateJob({
    blocks,
    pageCount: info.pageCount,
    pageSizes,
    engines: { strip: openrouter, image: openrouter },
    models: { default: MODEL },
    settings: DEFAULT_PIPELINE_SETTINGS,
    layout,
    prices: PRICES,
    documentName: `${name}.pdf`,
  });
}

async function measure(name, blocks, fake) {
  const renderer = createRenderer({ renderer: 'pdfium', threads: 1 });
  const engine = new OpenRouterEngine({
    apiKey: 'sk-bench',
    baseUrl: fake.url,
    defaultModel: MODEL,
  });
  const total = { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
  try {
    await runPipeline({
      engine,
      renderer,
      source: { fetchPdf: async () => fixturePdf(name), fetchBlocks: async () => blocks },
      sink: { put: async () => undefined },
      checkpoints: { list: async () => [], save: async () => undefined },
      documentName: `${name}.pdf`,
      models: { default: MODEL },
      settings: { concurrency: 4 },
      usage: {
        record: async (c) => {
          total.calls += 1;
          total.inputTokens += c.inputTokens ?? 0;
          total.outputTokens += c.outputTokens ?? 0;
          total.costUsd += c.costUsd ?? 0;
        },
      },
    });
  } finally {
    await renderer.close?.();
  }
  return total;
}

const ratio = (a, b) => (b > 0 ? (a / b).toFixed(2) : 'n/a');
const fake = await FakeOpenRouterServer.start();
try {
  console.log(
    'fixture                          blocks calls(est/meas)  tokens est/meas  ratio  cost est/meas ($)   ratio',
  );
  for (const name of names) {
    const { blocks } = parseBlocksFile(JSON.stringify(loadAnnotation(name)));
    if (blocks.length === 0) continue;
    const e = await estimateOf(name, blocks);
    const m = await measure(name, blocks, fake);
    const et = e.inputTokens + e.outputTokens;
    const mt = m.inputTokens + m.outputTokens;
    console.log(
      `${name.padEnd(32)} ${String(blocks.length).padStart(6)} ${`${e.modelCalls}/${m.calls}`.padStart(16)}` +
        ` ${`${et}/${mt}`.padStart(16)} ${ratio(et, mt).padStart(6)}` +
        ` ${`${(e.costUsd ?? 0).toFixed(5)}/${m.costUsd.toFixed(5)}`.padStart(19)} ${ratio(e.costUsd ?? 0, m.costUsd).padStart(7)}`,
    );
  }
} finally {
  await fake.close();
}
