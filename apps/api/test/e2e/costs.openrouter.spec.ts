import { readFile, readdir } from 'node:fs/promises';
import { jest } from '@jest/globals';
import {
  FAKE_MODEL_PRICES,
  FakeOpenRouterServer,
  chatCallOf,
  fakeUsage,
  markersOfCall,
} from '@remote-ocr/testing';
import { downloadResultZip, fixture, waitForJob, type Fixture } from './helpers.js';
import { Stack } from './stack.js';

jest.setTimeout(300_000);

const MODEL = 'qwen/qwen3-vl-30b-a3b-instruct';
const price = FAKE_MODEL_PRICES[MODEL];

/**
 * Usage accounting, estimates and spending caps (docs/costs.md) end to end: the built api and
 * worker, real Postgres, Redis and S3 protocol, and the fake OpenRouter reporting usage measured
 * from each request (image patches, prompt and answer bytes) at its own model prices.
 */
describe('costs: estimate, usage and max_cost with the OpenRouter engine (built processes)', () => {
  let fake: FakeOpenRouterServer;
  let stack: Stack;
  let paper: Fixture;

  beforeAll(async () => {
    paper = await fixture('11_paper_tracemonkey');
    fake = await FakeOpenRouterServer.start();
    stack = await Stack.start({
      env: {
        OPENROUTER_API_KEY: 'sk-fake',
        OPENROUTER_BASE_URL: fake.url,
        JOB_ENGINE_CONCURRENCY: '1',
        // The model engine itself, not `auto` (the default with a key): every block goes to it.
        DEFAULT_ENGINE: 'openrouter',
        STRIP_MAX_HEIGHT: '1500',
        ENGINE_PRICES: JSON.stringify({ [MODEL]: price }),
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await fake?.close();
  });

  const fields = (extra: Record<string, string> = {}) => ({
    client_id: 'costs-e2e',
    document_id: paper.documentId,
    document_name: 'tracemonkey.pdf',
    ...extra,
  });

  async function estimate(): Promise<any> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields())) form.set(k, v);
    form.set('pdf', new Blob([await readFile(paper.pdf)], { type: 'application/pdf' }), 'p.pdf');
    form.set('blocks_file', new Blob([JSON.stringify(paper.blocks)]), 'blocks.json');
    const answer = await stack.client.request('POST', '/jobs/estimate', form);
    expect(answer.status).toBe(200);
    return answer.body;
  }

  it('estimates a job without storing anything or calling the engine', async () => {
    const e = await estimate();
    expect(e).toMatchObject({
      engine: 'openrouter',
      pages: 14,
      blocks: { total: 14, text: 10, table: 2, image: 2 },
      text_layer_blocks: 0,
    });
    expect(e.model_calls).toBe(e.strips + 2);
    expect(e.by_model).toEqual([expect.objectContaining({ engine: 'openrouter', model: MODEL })]);
    expect(e.cost_usd).toBeGreaterThan(0);
    expect(fake.calls()).toHaveLength(0);
    expect(await stack.query('select id from jobs')).toEqual([]);
    expect(await stack.query('select id from engine_usage')).toEqual([]);
    expect(await readdir(stack.dataDir).catch(() => [])).not.toContain('ocr_jobs');
  });

  it('pauses at max_cost with the blocks left, resumes with a raised cap, sends no block twice', async () => {
    const e = await estimate();
    const cap = (e.cost_usd * 0.35).toFixed(8);
    const created = await stack.client.createJob(
      fields({ max_cost: cap }),
      paper.pdf,
      paper.blocks,
    );
    expect(created.status).toBe(200);
    const id: string = created.body.id;

    const paused = await waitForJob(
      stack.client,
      id,
      (j) => j.status !== 'queued' && j.status !== 'processing',
    );
    expect(paused).toMatchObject({ status: 'paused', error_code: 'budget_exceeded' });
    const done0 = await doneBlocks(id);
    const left = paper.blocks.length - done0.length;
    expect(left).toBeGreaterThan(0);
    expect(done0.length).toBeGreaterThan(0);
    expect(paused.error_message).toContain(`${left} blocks still to do`);
    expect(paused.usage.max_cost).toBeCloseTo(Number(cap), 8);
    expect(paused.usage.cost_usd).toBeLessThanOrEqual(Number(cap));
    expect(paused.usage.calls).toBe(fake.calls().length);
    // Every block (or window of a tall block) sent so far was read and saved: nothing in flight
    // was thrown away. Image blocks (a call each, no marker) may run beside the strips.
    const sentBeforePause = fake.calls().flatMap(markersOfCall);
    const imagesBeforePause = fake.calls().filter((c) => markersOfCall(c).length === 0);
    expect(sentBeforePause.length + imagesBeforePause.length).toBe(await doneUnits(id));

    const resumed = await stack.client.request(
      'POST',
      `/jobs/${id}/resume`,
      new URLSearchParams({ max_cost: (e.cost_usd * 3).toFixed(6) }),
    );
    expect(resumed).toMatchObject({ status: 200, body: { status: 'queued' } });
    const done = await waitForJob(
      stack.client,
      id,
      (j) => j.status === 'done' || j.status === 'error',
    );
    expect(done).toMatchObject({ status: 'done', error_message: null, error_code: null });

    // 0 blocks sent twice: each strip block's marker and each image block reached the fake once.
    const markers = fake.calls().flatMap(markersOfCall);
    expect(new Set(markers).size).toBe(markers.length);
    const imageCalls = fake.calls().filter((c) => markersOfCall(c).length === 0);
    expect(imageCalls).toHaveLength(2);
    expect(markers.length + imageCalls.length).toBe(await doneUnits(id));

    checkUsage(done.usage, e);
    await checkBlockShares(id, done.usage);
  });

  /** The ledger against what the fake reported, and the estimate within ±20 % of it. */
  function checkUsage(usage: any, e: any): void {
    const calls = fake.calls().map(chatCallOf);
    expect(usage.calls).toBe(calls.length);
    expect(usage.failed_calls).toBe(0);
    const prompt = calls.reduce((n, c) => n + fakeUsage(c, '', FAKE_MODEL_PRICES).prompt_tokens, 0);
    expect(usage.input_tokens).toBe(prompt);
    expect(usage.by_model).toEqual([
      expect.objectContaining({ engine: 'openrouter', model: MODEL }),
    ]);
    expect(usage.wall_ms).toBeGreaterThan(0);
    const tokens = usage.input_tokens + usage.output_tokens;
    const estimated = e.input_tokens + e.output_tokens;
    expect(Math.abs(estimated / tokens - 1)).toBeLessThanOrEqual(0.2);
    expect(Math.abs(e.input_tokens / usage.input_tokens - 1)).toBeLessThanOrEqual(0.2);
    // The cost is not held to ±20 %: the answer's length is a guess (docs/costs.md), and the
    // fake's answers are far shorter than real ones; bench/estimate.mjs prints both.
    expect(usage.cost_usd).toBeGreaterThan(0);
  }

  /** Each block's share in block_results and annotation.json adds up to the job's cost. */
  async function checkBlockShares(id: string, usage: any): Promise<void> {
    const rows = await stack.query(
      'select sum(cost_usd) as cost, sum(input_tokens) as input from block_results where job_id = $1 and part = 0',
      [id],
    );
    expect(Number(rows[0].cost)).toBeCloseTo(usage.cost_usd, 6);
    expect(Math.abs(Number(rows[0].input) - usage.input_tokens)).toBeLessThanOrEqual(
      paper.blocks.length,
    );
    const zip = await downloadResultZip(stack.client, id);
    const annotation = JSON.parse(await zip.file('annotation.json')!.async('string'));
    const blocks = annotation.pages.flatMap((p: any) => p.blocks);
    const cost = blocks.reduce((n: number, b: any) => n + b.ocr_usage.cost_usd, 0);
    expect(cost).toBeCloseTo(usage.cost_usd, 6);
    const details = (await stack.client.request('GET', `/jobs/${id}/details`)).body;
    expect(details.usage.cost_usd).toBe(usage.cost_usd);
  }

  /** Done results of whole blocks and of the windows of split blocks: one per thing sent. */
  async function doneUnits(id: string): Promise<number> {
    const rows = await stack.query<{ n: string }>(
      `select count(*) as n from block_results r where job_id = $1 and status = 'done'
         and (part > 0 or not exists (
           select 1 from block_results w where w.job_id = r.job_id and w.block_id = r.block_id and w.part > 0))`,
      [id],
    );
    return Number(rows[0].n);
  }

  async function doneBlocks(id: string): Promise<string[]> {
    const rows = await stack.query<{ block_id: string }>(
      "select block_id from block_results where job_id = $1 and part = 0 and status = 'done'",
      [id],
    );
    return rows.map((r) => r.block_id);
  }
});
