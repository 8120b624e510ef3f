import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FAKE_MODEL_PRICES, FakeOpenRouterServer } from '@remote-ocr/testing';
import { cli } from '../__fixtures__/cli-harness.js';

describe('ops prices fetch against the fake OpenRouter', () => {
  let fake: FakeOpenRouterServer;
  let dir: string;
  beforeEach(async () => {
    fake = await FakeOpenRouterServer.start();
    dir = await mkdtemp(path.join(os.tmpdir(), 'remote-ocr-prices-'));
  });
  afterEach(async () => {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  const env = () => ({ REMOTE_OCR_DATA_DIR: dir, OPENROUTER_BASE_URL: fake.url });

  it('stores the model list as a price table in the data dir, keeping hand-written entries', async () => {
    const file = path.join(dir, 'engine-prices.json');
    await writeFile(file, JSON.stringify({ datalab: { page: 0.003 } }));
    const run = await cli(['prices', 'fetch'], env());
    expect(run).toMatchObject({ code: 0, err: '' });
    expect(run.out).toContain(`stored prices of ${Object.keys(FAKE_MODEL_PRICES).length} models`);
    const table = JSON.parse(await readFile(file, 'utf8'));
    expect(table.datalab).toEqual({ page: 0.003 });
    const model = 'qwen/qwen3-vl-30b-a3b-instruct';
    expect(table[model]).toEqual({
      prompt: Number(FAKE_MODEL_PRICES[model].prompt),
      completion: Number(FAKE_MODEL_PRICES[model].completion),
      request: 0,
    });
    expect(fake.recorded('/api/v1/models')).toHaveLength(1);
  });

  it('fails clearly when the server answers no model list, writing nothing', async () => {
    const out = path.join(dir, 'p.json');
    const run = await cli(['prices', 'fetch', '--out', out], {
      ...env(),
      OPENROUTER_BASE_URL: `${fake.origin}/nothing-here`,
    });
    expect(run.code).not.toBe(0);
    expect(run.err).toMatch(/answered 404/);
    await expect(readFile(out)).rejects.toThrow(/ENOENT/);
  });

  it('refuses to start with a bad price table, naming the entry', async () => {
    const run = await cli(['prices', 'fetch'], {
      ...env(),
      ENGINE_PRICES: '{"m": {"prompt": -1}}',
    });
    expect(run.code).not.toBe(0);
    expect(run.err).toMatch(/ENGINE_PRICES: .*"m.prompt" must be a non-negative number/);
  });
});
