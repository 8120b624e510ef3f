import { jest } from '@jest/globals';
import { blockMarker } from '@remote-ocr/ocr-core';
import {
  FakeOpenRouterServer,
  labelNoise,
  loadFixtureExpectedTexts,
  type EngineNoise,
} from '@remote-ocr/testing';
import { downloadResultZip, fixture, isFinished, waitForJob, type Fixture } from './helpers.js';
import { Stack } from './stack.js';

jest.setTimeout(300_000);

/**
 * Issue 13 end to end: the fake OpenRouter answers strips like a careless model (30 % of labels
 * misread, and a tenth of that: labels dropped, sections swapped, repeated, answers cut), on the
 * Russian fixtures, with real Redis, Postgres and S3. Every block must end with the text of the
 * clean run; the calls bisection added are printed.
 */
const DOCS = ['07_ru_dissertation_luatex', '08_ru_Def_positions'];
const GOOD_MODEL = 'good/model';

/** What a perfect model reads in each block: the fixture's MuPDF text layer, by label. */
function cleanTexts(doc: Fixture): Map<string, string> {
  const expected = loadFixtureExpectedTexts(doc.name);
  return new Map(doc.blocks.map((b) => [blockMarker(b.id as string), expected[b.id] ?? '']));
}

/** A block without a text layer in the fixture gets a text of its own (never label-shaped). */
const textOf = (texts: Map<string, string>, marker: string): string =>
  (texts.get(marker) ?? '').trim() || `Схема без текстового слоя, лист ${marker.toLowerCase()}`;

async function runJob(stack: Stack, doc: Fixture, tag: string) {
  const created = await stack.client.createJob(
    {
      client_id: 'noisy',
      document_id: doc.documentId,
      document_name: `${tag}.pdf`,
      engine: 'openrouter',
    },
    doc.pdf,
    doc.blocks,
  );
  expect(created.status).toBe(200);
  const finished = await waitForJob(stack.client, created.body.id, isFinished, 180_000);
  return {
    id: created.body.id as string,
    job: finished,
    texts: await resultTexts(stack, created.body.id),
  };
}

async function resultTexts(stack: Stack, id: string): Promise<Record<string, string | null>> {
  const zip = await downloadResultZip(stack.client, id);
  const doc = JSON.parse(await zip.file('annotation.json')!.async('string'));
  const out: Record<string, string | null> = {};
  for (const page of doc.pages) for (const b of page.blocks) out[b.id] = b.ocr_text;
  return out;
}

describe('noisy strip answers end to end (OpenRouter fake, 30 % label corruption)', () => {
  let fake: FakeOpenRouterServer;
  let stack: Stack;

  beforeAll(async () => {
    fake = await FakeOpenRouterServer.start();
    stack = await Stack.start({
      env: {
        OPENROUTER_API_KEY: 'sk-fake',
        OPENROUTER_BASE_URL: fake.url,
        STRIP_MAX_HEIGHT: '4000',
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await fake?.close();
  });

  it.each(DOCS)('%s: every block reads as in the clean run', async (name) => {
    const doc = await fixture(name);
    const texts = cleanTexts(doc);
    // Labels only: 30 % misread (the other corruptions are measured by bench/parsing.mjs).
    const noise = (rate: number, seed: number): EngineNoise => ({
      rates: { ...labelNoise(0), label: rate },
      seed,
      textFor: (marker) => textOf(texts, marker),
    });
    fake.noise = noise(0, 1);
    const callsBefore = fake.calls().length;
    const clean = await runJob(stack, doc, `${name}-clean`);
    const cleanCalls = fake.calls().length - callsBefore;
    fake.noise = noise(0.3, 1000);
    const noisy = await runJob(stack, doc, `${name}-noisy`);
    const noisyCalls = fake.calls().length - callsBefore - cleanCalls;
    fake.noise = undefined;

    expect(clean.job).toMatchObject({ status: 'done', error_message: null });
    expect(noisy.job).toMatchObject({ status: 'done', error_message: null });
    expect(noisy.texts).toEqual(clean.texts);
    const added = noisyCalls - cleanCalls;
    console.info(
      `${name}: clean run ${cleanCalls} engine calls, noisy run ${noisyCalls} (+${added}, ` +
        `${((100 * added) / cleanCalls).toFixed(1)} %) for ${doc.blocks.length} blocks`,
    );

    const blocks = await stack.client.request('GET', `/jobs/${noisy.id}/blocks?limit=1000`);
    expect(blocks.status).toBe(200);
    expect(blocks.body.total).toBe(doc.blocks.length);
    const methods = new Set(blocks.body.blocks.map((b: any) => b.read_method));
    expect(
      [...methods].every((m) =>
        ['marker', 'marker-fuzzy', 'index', 'single'].includes(m as string),
      ),
    ).toBe(true);
    const fuzzy = await stack.client.request(
      'GET',
      `/jobs/${noisy.id}/blocks?flag=fuzzy_marker&limit=2`,
    );
    expect(fuzzy.body.total).toBeGreaterThan(0);
    expect(fuzzy.body.blocks.length).toBe(Math.min(2, fuzzy.body.total));
    expect(fuzzy.body.blocks.every((b: any) => b.flags.includes('fuzzy_marker'))).toBe(true);
  });

  it('flags a text that disagrees with the text layer and re-runs it with another model', async () => {
    const doc = await fixture('08_ru_Def_positions');
    const texts = cleanTexts(doc);
    const target = doc.blocks.find(
      (b) => (texts.get(blockMarker(b.id as string)) ?? '').length > 200,
    )!;
    const targetMarker = blockMarker(target.id as string);
    // The default model hallucinates this one block; GOOD_MODEL reads it.
    fake.noise = {
      rates: labelNoise(0),
      seed: 1,
      textFor: (marker, model) =>
        marker === targetMarker && model !== GOOD_MODEL
          ? 'Совершенно другой текст, которого нет на этом листе: опоры, балки, узлы крепления.'
          : textOf(texts, marker),
    };
    try {
      const first = await runJob(stack, doc, 'flagged');
      const job = await stack.client.request('GET', `/jobs/${first.id}`);
      const flagged = await stack.client.request('GET', `/jobs/${first.id}/blocks?status=flagged`);
      // Blocks the fixture has no MuPDF text for (a polygon block…) are answered with made-up
      // text and flagged as well, rightly: our text layer does find text there.
      expect(job.body.blocks_flagged).toBe(flagged.body.total);
      const byId = new Map(flagged.body.blocks.map((b: any) => [b.block_id, b.flags]));
      expect(byId.get(target.id)).toEqual(['text_layer_mismatch']);

      const nothing = await stack.client.request('POST', `/jobs/${first.id}/retry-failed`);
      expect(nothing.status).toBe(400); // no failed block; flagged ones only on request
      const retry = await stack.client.request(
        'POST',
        `/jobs/${first.id}/retry-failed?include_flagged=true`,
        new URLSearchParams({ model: GOOD_MODEL }),
      );
      expect(retry.status).toBe(200);
      await waitForJob(stack.client, first.id, isFinished, 120_000);
      const after = await resultTexts(stack, first.id);
      expect(after[target.id as string]).toBe(textOf(texts, targetMarker));
      const again = await stack.client.request('GET', `/jobs/${first.id}`);
      expect(again.body.blocks_flagged).toBe(flagged.body.total - 1);
    } finally {
      fake.noise = undefined;
    }
  });
});
