import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePriceTable, PriceTableError, type PriceTable } from '@remote-ocr/ocr-core';
import type { Environment } from './environment.js';

/** Prices and spending caps (docs/costs.md). */
export interface CostsConfig {
  /** The price table: `ENGINE_PRICES_FILE` (or `<data dir>/engine-prices.json`), then `ENGINE_PRICES` over it. */
  prices: PriceTable;
  /** Where `ops prices fetch` writes. */
  pricesFile: string;
  /** USD per client id per UTC day (`CLIENT_DAILY_BUDGETS`); `*` applies to clients not listed. */
  dailyBudgets: ReadonlyMap<string, number>;
}

const DEFAULT_PRICES_FILE = 'engine-prices.json';

/** Every problem of the cost settings, for the start-up check (all listed at once). */
export function costsProblems(e: Environment): string[] {
  const problems: string[] = [];
  try {
    readPrices(e);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  try {
    parseBudgets(e.CLIENT_DAILY_BUDGETS);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  return problems;
}

export function costsConfig(e: Environment): CostsConfig {
  return {
    prices: readPrices(e),
    pricesFile: pricesFile(e),
    dailyBudgets: parseBudgets(e.CLIENT_DAILY_BUDGETS),
  };
}

const pricesFile = (e: Environment): string =>
  path.resolve(e.ENGINE_PRICES_FILE ?? path.join(e.REMOTE_OCR_DATA_DIR, DEFAULT_PRICES_FILE));

function readPrices(e: Environment): PriceTable {
  const file = pricesFile(e);
  // The default file is optional; a named one must exist.
  const fromFile =
    e.ENGINE_PRICES_FILE !== undefined || existsSync(file)
      ? parseJson(`ENGINE_PRICES_FILE (${file})`, () => readFileSync(file, 'utf8'))
      : {};
  const fromEnv = e.ENGINE_PRICES ? parseJson('ENGINE_PRICES', () => e.ENGINE_PRICES ?? '') : {};
  return { ...tableOf('ENGINE_PRICES_FILE', fromFile), ...tableOf('ENGINE_PRICES', fromEnv) };
}

function tableOf(name: string, value: unknown): PriceTable {
  try {
    return parsePriceTable(value);
  } catch (error) {
    if (error instanceof PriceTableError)
      throw new Error(`${name}: ${error.message}`, { cause: error });
    throw error;
  }
}

function parseJson(name: string, read: () => string): unknown {
  let text: string;
  try {
    text = read();
  } catch (error) {
    throw new Error(
      `${name}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      { cause: error },
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${name}: not valid JSON`, { cause: error });
  }
}

function parseBudgets(raw: string | undefined): Map<string, number> {
  const budgets = new Map<string, number>();
  if (!raw) return budgets;
  const value = parseJson('CLIENT_DAILY_BUDGETS', () => raw);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error('CLIENT_DAILY_BUDGETS: expected a JSON object {"<client id>": <USD per day>}');
  for (const [client, usd] of Object.entries(value as Record<string, unknown>)) {
    if (typeof usd !== 'number' || !Number.isFinite(usd) || usd < 0)
      throw new Error(`CLIENT_DAILY_BUDGETS: "${client}" must be a non-negative number of USD`);
    budgets.set(client, usd);
  }
  return budgets;
}

/** A client's daily budget: its own entry, else the `*` entry, else none. */
export const dailyBudgetOf = (costs: CostsConfig, clientId: string): number | undefined =>
  costs.dailyBudgets.get(clientId) ?? costs.dailyBudgets.get('*');
