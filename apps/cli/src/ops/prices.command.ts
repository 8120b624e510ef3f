import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parsePriceTable, type Price, type PriceTable } from '@remote-ocr/ocr-core';
import { parseConfig } from '@remote-ocr/server';
import { Command } from 'commander';
import type { CliIo } from '../common/cli-io.js';

interface ModelList {
  data?: Array<{ id?: unknown; pricing?: Record<string, unknown> }>;
}

interface FetchOptions {
  out?: string;
  json?: boolean;
}

const TIMEOUT_MS = 30_000;

/** A model's prices from OpenRouter's list; models priced per request only or variably (-1) are skipped. */
function priceOf(pricing: Record<string, unknown> | undefined): Price | undefined {
  const price: Price = {};
  for (const field of ['prompt', 'completion', 'request'] as const) {
    const n = Number(pricing?.[field]);
    if (Number.isFinite(n) && n >= 0) price[field] = n;
  }
  return price.prompt !== undefined && price.completion !== undefined ? price : undefined;
}

async function fetchModels(baseUrl: string, apiKey: string | undefined): Promise<PriceTable> {
  const url = `${baseUrl.replace(/\/+$/, '')}/models`;
  const res = await fetch(url, {
    headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  const list = (await res.json().catch(() => ({}))) as ModelList;
  if (!Array.isArray(list.data))
    throw new Error(`GET ${url}: no "data" list of models in the answer`);
  const table: Record<string, Price> = {};
  for (const model of list.data) {
    const price = typeof model.id === 'string' ? priceOf(model.pricing) : undefined;
    if (price) table[model.id as string] = price;
  }
  return table;
}

/** The existing file's entries (engines priced by hand, e.g. `datalab`), kept under the fetched ones. */
async function existing(file: string): Promise<PriceTable> {
  try {
    return parsePriceTable(JSON.parse(await readFile(file, 'utf8')) as unknown);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`${file} is not a valid price table; fix or remove it first`, { cause: error });
  }
}

/** Writes next to the target and renames, so the worker never reads a half-written file. */
async function writeTable(file: string, table: PriceTable): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(table, null, 2)}\n`);
  await rename(tmp, file);
}

/**
 * `prices fetch` (docs/costs.md): reads OpenRouter's model list from `OPENROUTER_BASE_URL` and
 * stores the prices in the price file (`ENGINE_PRICES_FILE`, default `<data dir>/engine-prices.json`).
 * The server reads the file at start-up and never asks OpenRouter at request time.
 */
export function pricesCommand(io: CliIo): Command {
  const prices = new Command('prices').description('engine prices for estimates and budget caps');
  prices
    .command('fetch')
    .description(
      "fetch OpenRouter's model prices (GET {OPENROUTER_BASE_URL}/models) into the price file",
    )
    .option('--out <file>', 'write here instead of ENGINE_PRICES_FILE')
    .option('--json', 'machine-readable output')
    .action(async (o: FetchOptions) => {
      const config = parseConfig(io.env);
      const file = path.resolve(o.out ?? config.costs.pricesFile);
      const { baseUrl, apiKey } = config.engines.openrouter;
      const fetched = await fetchModels(baseUrl, apiKey);
      await writeTable(file, { ...(await existing(file)), ...fetched });
      const count = Object.keys(fetched).length;
      io.out(
        o.json
          ? JSON.stringify({ file, models: count })
          : `stored prices of ${count} models in ${file}`,
      );
    });
  return prices;
}
