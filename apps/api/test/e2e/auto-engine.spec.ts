import { jest } from '@jest/globals';
import { blockMarker } from '@remote-ocr/ocr-core';
import { FakeOpenRouterServer, loadFixtureExpectedTexts, markersOfCall } from '@remote-ocr/testing';
import { downloadResultZip, fixture, isFinished, waitForJob, type Fixture } from './helpers.js';
import { Stack } from './stack.js';

jest.setTimeout(300_000);

/**
 * Issue 19 end to end (api + worker processes, real Redis, Postgres and S3, the fake OpenRouter
 * on loopback): with a model key and no engine named, a job runs `auto`. Blocks whose text
 * layer passes the checks are read from it and never reach the model; the rest (and every IMAGE
 * block) are sent; each block records its source. `openrouter` named explicitly still sends all.
 */
const DOC = '07_ru_dissertation_luatex';
const words = (s: string): string[] => s.normalize('NFKC').split(/\s+/).filter(Boolean);

async function runJob(stack: Stack, doc: Fixture, engine?: string) {
  const fields = {
    client_id: 'auto-e2e',
    document_id: doc.documentId,
    document_name: `${DOC}.pdf`,
  };
  const created = await stack.client.createJob(
    engine ? { ...fields, engine } : fields,
    doc.pdf,
    doc.blocks,
  );
  expect(created.status).toBe(200);
  const job = await waitForJob(stack.client, created.body.id, isFinished, 240_000);
  expect(job).toMatchObject({ status: 'done', error_message: null });
  return job;
}

/** Block markers of the strip calls and the number of image calls the fake got since `from`. */
function sentSince(fake: FakeOpenRouterServer, from: number) {
  const calls = fake.calls().slice(from);
  const markers = calls.flatMap((c) => markersOfCall(c));
  return {
    markers: new Set(markers),
    imageCalls: calls.filter((c) => markersOfCall(c).length === 0).length,
  };
}

describe('engine auto end to end (fake OpenRouter)', () => {
  let fake: FakeOpenRouterServer;
  let stack: Stack;
  let doc: Fixture;

  beforeAll(async () => {
    fake = await FakeOpenRouterServer.start();
    stack = await Stack.start({
      env: { OPENROUTER_API_KEY: 'sk-fake', OPENROUTER_BASE_URL: fake.url },
    });
    doc = await fixture(DOC);
  });

  afterAll(async () => {
    await stack?.stop();
    await fake?.close();
  });

  it('is the default: reads text-layer blocks itself and sends only the rest to the model', async () => {
    const from = fake.calls().length;
    const job = await runJob(stack, doc);
    expect(job.engine).toBe('auto');
    const { body } = await stack.client.request('GET', `/jobs/${job.id}/blocks?limit=1000`);
    const blocks = body.blocks as Array<{ block_id: string; source: string; text: string }>;
    expect(blocks).toHaveLength(doc.blocks.length);
    const fromLayer = blocks.filter((b) => b.source === 'text_layer');
    const fromModel = blocks.filter((b) => b.source === 'openrouter');
    expect(fromLayer.length + fromModel.length).toBe(doc.blocks.length);
    expect(fromLayer.length).toBeGreaterThanOrEqual(doc.blocks.length / 2);

    const typeOf = new Map(doc.blocks.map((b) => [b.id as string, b.block_type as string]));
    const sent = sentSince(fake, from);
    // no text-layer block was on any strip; every other TEXT/TABLE block was, each image alone
    for (const b of fromLayer) expect(sent.markers.has(blockMarker(b.block_id))).toBe(false);
    const stripBlocks = fromModel.filter((b) => typeOf.get(b.block_id) !== 'image');
    expect(sent.markers).toEqual(new Set(stripBlocks.map((b) => blockMarker(b.block_id))));
    expect(sent.imageCalls).toBe(fromModel.length - stripBlocks.length);

    // text-layer texts are the PDF's own words (MuPDF's extraction as the reference)
    const expected = loadFixtureExpectedTexts(DOC);
    for (const b of fromLayer.filter((x) => typeOf.get(x.block_id) === 'text')) {
      const want = words(expected[b.block_id] ?? '');
      const got = new Set(words(b.text));
      expect(want.filter((w) => got.has(w)).length).toBeGreaterThanOrEqual(want.length * 0.9);
    }

    // annotation.json records the same source per block
    const zip = await downloadResultZip(stack.client, job.id);
    const annotation = JSON.parse(await zip.file('annotation.json')!.async('string'));
    const sources = new Map<string, string>();
    for (const page of annotation.pages)
      for (const b of page.blocks) sources.set(b.id, b.ocr_source);
    for (const b of blocks) expect(sources.get(b.block_id)).toBe(b.source);
  });

  it('sends every block when openrouter is named', async () => {
    const from = fake.calls().length;
    const job = await runJob(stack, doc, 'openrouter');
    expect(job.engine).toBe('openrouter');
    const sent = sentSince(fake, from);
    const strips = doc.blocks.filter((b) => b.block_type !== 'image');
    expect(sent.markers).toEqual(new Set(strips.map((b) => blockMarker(b.id as string))));
    expect(sent.imageCalls).toBe(doc.blocks.length - strips.length);
  });
});
