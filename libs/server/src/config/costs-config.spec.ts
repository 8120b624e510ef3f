import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { UsageRepository } from '@remote-ocr/storage';
import { BudgetExceededError } from '@remote-ocr/ocr-core';
import { spendLimitsFor } from '../usage/usage-store.js';
import { ConfigError, parseConfig } from './app-config.js';

describe('cost settings', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'remote-ocr-issue19b-costs-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const parse = (env: Record<string, string>) => parseConfig({ REMOTE_OCR_DATA_DIR: dir, ...env });

  it('reads the default price file, ENGINE_PRICES over it, and daily budgets', async () => {
    await writeFile(
      path.join(dir, 'engine-prices.json'),
      JSON.stringify({
        'a/m': { prompt: '0.000001', completion: 0.000002 },
        datalab: { page: 0.01 },
      }),
    );
    const config = parse({
      ENGINE_PRICES: '{"a/m": {"prompt": 0.000003, "completion": 0.000004}}',
      CLIENT_DAILY_BUDGETS: '{"c1": 2.5, "*": 1}',
    });
    expect(config.costs.prices).toEqual({
      'a/m': { prompt: 0.000003, completion: 0.000004 },
      datalab: { page: 0.01 },
    });
    expect([...config.costs.dailyBudgets]).toEqual([
      ['c1', 2.5],
      ['*', 1],
    ]);
  });

  it.each([
    [{ ENGINE_PRICES: '{not json' }, /ENGINE_PRICES: not valid JSON/],
    [{ ENGINE_PRICES: '{"m": {"prompt": "free"}}' }, /"m.prompt" must be a non-negative number/],
    [
      { ENGINE_PRICES_FILE: '/nonexistent/prices.json' },
      /ENGINE_PRICES_FILE .* cannot be read \(ENOENT\)/,
    ],
    [
      { CLIENT_DAILY_BUDGETS: '{"c": -1}' },
      /CLIENT_DAILY_BUDGETS: "c" must be a non-negative number/,
    ],
    [{ CLIENT_DAILY_BUDGETS: '[1]' }, /CLIENT_DAILY_BUDGETS: expected a JSON object/],
  ])('refuses %j at start-up, naming the problem', (env, message) => {
    expect(() => parse(env)).toThrow(ConfigError);
    expect(() => parse(env)).toThrow(message);
  });

  it('caps a run by the job max_cost and the client day, counting what was spent', async () => {
    const config = parse({ CLIENT_DAILY_BUDGETS: '{"*": 1}' });
    const usage = {
      getMaxCost: () => Promise.resolve(0.5),
      jobTotals: () => Promise.resolve([{ costUsd: 0.3 }]),
      clientSpentSince: () => Promise.resolve(0.9),
    } as unknown as UsageRepository;
    const limits = await spendLimitsFor(usage, config, { id: 'j', clientId: 'c' });
    limits.reserve(0.05);
    expect(() => limits.reserve(0.1)).toThrow(BudgetExceededError);
    expect(() => limits.reserve(0.1)).toThrow(/Client's daily budget of \$1 reached/);
  });
});
