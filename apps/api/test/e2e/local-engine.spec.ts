import { jest } from '@jest/globals';
import { loadFixtureExpectedTexts } from '@remote-ocr/testing';
import { downloadResultZip, fixture, isFinished, waitForJob } from './helpers.js';
import { Stack } from './stack.js';

jest.setTimeout(240_000);

// NFKC: MuPDF keeps ligatures (ﬁ) that pdf.js's text layer spells out (fi).
const words = (s: string): string[] => s.normalize('NFKC').split(/\s+/).filter(Boolean);

/** Each block's section of result.md, by block id. */
function sections(md: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = md.split(/^\[\[\[BLOCK_ID: (.+?)\]\]\]$/m);
  for (let i = 1; i < parts.length; i += 2) out.set(parts[i], parts[i + 1]);
  return out;
}

/**
 * Share of the expected words found in our text (as a multiset). Reading order of multi-column
 * blocks differs between MuPDF and pdf.js, so words, not one exact string, are compared.
 */
function recall(expected: string, actual: string): number {
  const bag = new Map<string, number>();
  for (const w of words(actual)) bag.set(w, (bag.get(w) ?? 0) + 1);
  const want = words(expected);
  let found = 0;
  for (const w of want) {
    const n = bag.get(w) ?? 0;
    if (n > 0) {
      found++;
      bag.set(w, n - 1);
    }
  }
  return want.length === 0 ? 1 : found / want.length;
}

describe('the local engine with the disk object store (no cloud, no keys)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({ storage: 'disk' });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it.each(['11_paper_tracemonkey', '08_ru_Def_positions'])(
    'result.md of %s holds the expected texts',
    async (name) => {
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
      const bySection = sections(await zip.file('result.md')!.async('string'));
      const ids = Object.keys(expected).filter((id) => words(expected[id]).length > 0);
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) {
        expect(recall(expected[id], bySection.get(id) ?? '')).toBeGreaterThanOrEqual(0.97);
      }
    },
  );
});
