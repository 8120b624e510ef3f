import { loadFixtureExpectedTexts } from '@remote-ocr/testing';
import { downloadResultZip, fixture, isFinished, waitForJob } from './helpers.js';
import { Stack } from './stack.js';

jest.setTimeout(240_000);

const normalise = (s: string): string => s.replace(/\s+/g, ' ').trim();

describe('the local engine with the disk object store (no cloud, no keys)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({ storage: 'disk' });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it.each(['11_paper_tracemonkey', '08_ru_Def_positions'])('result.md of %s holds the expected texts', async (name) => {
    const doc = await fixture(name);
    const expected = loadFixtureExpectedTexts(name);
    const { client } = stack;
    const created = await client.createJob(
      { client_id: 'offline', document_id: doc.documentId, document_name: `${name}.pdf` },
      doc.pdf,
      doc.blocks,
    );
    expect(created.status).toBe(200);
    const done = await waitForJob(client, created.body.id, isFinished);
    expect(done).toMatchObject({ status: 'done', engine: 'local' });
    const { body } = await client.request('GET', `/jobs/${created.body.id}/result`);
    expect(body.download_url).toMatch(new RegExp(`^${client.baseUrl}/files/`));
    const zip = await downloadResultZip(client, created.body.id);
    const md = normalise(await zip.file('result.md')!.async('string'));
    const ids = Object.keys(expected).filter((id) => normalise(expected[id]).length > 0);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(md).toContain(normalise(expected[id]));
  });
});
