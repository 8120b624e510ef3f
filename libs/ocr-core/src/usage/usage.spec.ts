import { makeBlock } from '../pipeline/__fixtures__/memory-ports.js';
import { resolveStripLayout } from '../strips/strip-layout.js';
import { DEFAULT_PIPELINE_SETTINGS } from '../pipeline/pipeline-settings.js';
import { estimateJob, type JobEstimateInput } from './job-estimate.js';
import { costOf, parsePriceTable, priceFor, PriceTableError } from './price-table.js';
import { SpendLimit, SpendLimits, BudgetExceededError } from './spend-limit.js';
import { imageTokens, pngSize, textTokens } from './token-estimate.js';

describe('price table', () => {
  it('reads numbers and OpenRouter-style numeric strings, model before engine', () => {
    const table = parsePriceTable({
      'a/m': { prompt: '0.000001', completion: 2e-6 },
      datalab: { page: 0.003 },
    });
    expect(priceFor(table, 'openrouter', 'a/m')).toEqual({ prompt: 1e-6, completion: 2e-6 });
    expect(priceFor(table, 'datalab', 'marker:balanced')).toEqual({ page: 0.003 });
    expect(priceFor(table, 'openrouter', 'other')).toBeUndefined();
    expect(
      costOf(
        { prompt: 1e-6, completion: 2e-6, request: 0.01 },
        { inputTokens: 1000, outputTokens: 500 },
      ),
    ).toBeCloseTo(0.012, 9);
  });

  it.each([
    ['an array', [], /expected a JSON object/],
    ['a number entry', { m: 3 }, /"m" must be an object/],
    ['a negative price', { m: { prompt: -1 } }, /"m.prompt" must be a non-negative number/],
    [
      'a word for a price',
      { m: { completion: 'cheap' } },
      /"m.completion" must be a non-negative number/,
    ],
    ['an unknown field', { m: { tokens: 1 } }, /"m.tokens" is not a price field/],
  ])('refuses %s, naming the entry', (_name, value, message) => {
    expect(() => parsePriceTable(value)).toThrow(PriceTableError);
    expect(() => parsePriceTable(value)).toThrow(message);
  });
});

describe('spend limits', () => {
  it('counts calls in flight, and releases a refused reservation under every cap', () => {
    const job = new SpendLimit('job', 1, 0.2);
    const daily = new SpendLimit('client_daily', 0.7, 0);
    const limits = new SpendLimits([job, daily]);
    limits.reserve(0.3);
    limits.reserve(0.3);
    expect(() => limits.reserve(0.3)).toThrow(BudgetExceededError);
    limits.settle(0.3, 0.1);
    limits.reserve(0.3);
    expect(() => limits.reserve(0.5)).toThrow(/Job max_cost of \$1 reached/);
  });
});

describe('token model', () => {
  it('counts 28 px patches, UTF-8 bytes and reads PNG headers', () => {
    expect(imageTokens(56, 29)).toBe(4);
    expect(textTokens('abcd')).toBe(1);
    expect(textTokens('абвг')).toBe(2);
    const png = new Uint8Array(24);
    png.set([0x89, 0x50, 0x4e, 0x47]);
    new DataView(png.buffer).setUint32(16, 4000);
    new DataView(png.buffer).setUint32(20, 1500);
    expect(pngSize(png)).toEqual({ width: 4000, height: 1500 });
    expect(pngSize(new Uint8Array(10))).toBeUndefined();
  });
});

describe('estimateJob', () => {
  const input = (over: Partial<JobEstimateInput> = {}): JobEstimateInput => ({
    blocks: [
      makeBlock('t1'),
      makeBlock('t2'),
      makeBlock('tb', { block_type: 'table' }),
      makeBlock('img', { block_type: 'image' }),
    ],
    pageCount: 3,
    pageSizes: [{ width: 2480, height: 3508 }],
    engines: {
      strip: { name: 'openrouter', usesModel: true },
      image: { name: 'openrouter', usesModel: true },
    },
    models: { default: 'a/m' },
    settings: DEFAULT_PIPELINE_SETTINGS,
    layout: resolveStripLayout({ maxHeight: 9000 }),
    prices: { 'a/m': { prompt: 1e-6, completion: 1e-6 } },
    documentName: 'plan.pdf',
    ...over,
  });

  it('plans strips and calls and prices them by model', () => {
    const e = estimateJob(input());
    expect(e).toMatchObject({ pages: 3, strips: 1, modelCalls: 2, textLayerBlocks: 0 });
    expect(e.blocks).toEqual({ total: 4, text: 2, table: 1, image: 1 });
    expect(e.byModel).toEqual([
      expect.objectContaining({ engine: 'openrouter', model: 'a/m', calls: 2 }),
    ]);
    expect(e.costUsd).toBeCloseTo((e.inputTokens + e.outputTokens) * 1e-6, 9);
  });

  it('leaves blocks read from the text layer out, and prices nothing it cannot', () => {
    const e = estimateJob(input({ textLayer: () => new Set(['t1', 't2', 'tb']), prices: {} }));
    expect(e).toMatchObject({ strips: 0, modelCalls: 1, textLayerBlocks: 3, costUsd: null });
  });

  it('counts no model calls for the local engine', () => {
    const local = { name: 'local', usesModel: false };
    const e = estimateJob(input({ engines: { strip: local, image: local } }));
    expect(e).toMatchObject({ modelCalls: 0, inputTokens: 0, costUsd: null });
  });
});
