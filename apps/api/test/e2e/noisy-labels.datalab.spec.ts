import { jest } from '@jest/globals';
import { FakeDatalabServer, labelNoise } from '@remote-ocr/testing';
import { downloadResultZip, fixture, isFinished, waitForJob, type Fixture } from './helpers.js';
import { Stack } from './stack.js';

jest.setTimeout(300_000);

/**
 * Issue 13 end to end with the Datalab engine: the fake Datalab learns what a strip holds from
 * the image alone (labels OCR'd with tesseract.js, blocks keyed by their pixels) and misreads 30 %
 * of the labels on top of what Tesseract itself misreads. Every block must read as in the clean
 * run, on real Redis, Postgres and S3; the calls bisection added are printed.
 */
describe('noisy strip answers end to end (Datalab fake, 30 % label corruption)', () => {
  let fake: FakeDatalabServer;
  let stack: Stack;

  beforeAll(async () => {
    fake = await FakeDatalabServer.start({ processingPolls: 0 });
    stack = await Stack.start({
      env: {
        DATALAB_API_KEY: 'dl-fake',
        DATALAB_BASE_URL: fake.origin,
        DATALAB_POLL_INTERVAL_MS: '100',
        STRIP_MAX_HEIGHT: '4000',
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await fake?.close();
  });

  async function run(doc: Fixture, tag: string) {
    const before = fake.submitCalls().length;
    const created = await stack.client.createJob(
      {
        client_id: 'noisy',
        document_id: doc.documentId,
        document_name: `${tag}.pdf`,
        engine: 'datalab',
      },
      doc.pdf,
      doc.blocks,
    );
    expect(created.status).toBe(200);
    const job = await waitForJob(stack.client, created.body.id, isFinished, 240_000);
    const zip = await downloadResultZip(stack.client, created.body.id);
    const annotation = JSON.parse(await zip.file('annotation.json')!.async('string'));
    const texts: Record<string, string | null> = {};
    for (const page of annotation.pages) for (const b of page.blocks) texts[b.id] = b.ocr_text;
    return { job, texts, calls: fake.submitCalls().length - before };
  }

  it('08_ru_Def_positions: every block reads as in the clean run', async () => {
    const doc = await fixture('08_ru_Def_positions');
    fake.noise = { rates: labelNoise(0), seed: 1 };
    const clean = await run(doc, 'clean');
    fake.noise = { rates: { ...labelNoise(0), label: 0.3 }, seed: 500 };
    const noisy = await run(doc, 'noisy');
    fake.noise = undefined;

    expect(clean.job).toMatchObject({ status: 'done', error_message: null });
    expect(noisy.job).toMatchObject({ status: 'done', error_message: null });
    expect(Object.values(clean.texts).every((t) => typeof t === 'string' && t !== '')).toBe(true);
    expect(noisy.texts).toEqual(clean.texts);
    const added = noisy.calls - clean.calls;
    console.info(
      `datalab 08_ru_Def_positions: clean run ${clean.calls} submissions, noisy run ${noisy.calls} ` +
        `(+${added}, ${((100 * added) / clean.calls).toFixed(1)} %) for ${doc.blocks.length} blocks`,
    );
  });
});
