import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { cli, fixturesDir, sampleBlocks, samplePdf } from '../__fixtures__/cli-harness.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cli-ocr-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Rendering and Tesseract on 2 shared cores: generous, as these are outcome tests, not timings. */
const SLOW = 180_000;

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

interface AnnotatedBlock {
  id: string;
  ocr_text?: string;
}
async function annotationBlocks(out: string): Promise<AnnotatedBlock[]> {
  const doc = JSON.parse(await readFile(path.join(out, 'annotation.json'), 'utf8')) as {
    pages: Array<{ blocks: AnnotatedBlock[] }>;
  };
  return doc.pages.flatMap((p) => p.blocks);
}

describe('ocr (local engine, no servers)', () => {
  it(
    'reads the sample with its blocks into result.md, annotation.json, result.zip and crops',
    async () => {
      const out = path.join(dir, 'sample');
      const run = await cli([
        'ocr',
        samplePdf(),
        '--blocks',
        sampleBlocks(),
        '--engine',
        'local',
        '--out',
        out,
      ]);
      expect(run).toMatchObject({ code: 0 });
      const md = await readFile(path.join(out, 'result.md'), 'utf8');
      expect(md).toContain('[[[BLOCK_ID: SMPL-TEXT-001]]]');
      expect(md).toContain('Пояснительная записка');
      expect(md).toContain('Перемычка');
      // the sample's ruled TABLE block comes back as a markdown table (docs/auto-engine.md)
      expect(md).toContain(
        '| Поз. | Наименование | Кол-во |\n| --- | --- | --- |\n| 1 | Окно ОК-1 1500×1800 | 12 |',
      );
      const blocks = await annotationBlocks(out);
      expect(blocks.map((b) => b.id).sort()).toEqual([
        'SMPL-IMAG-003',
        'SMPL-TABL-002',
        'SMPL-TEXT-001',
        'SMPL-TEXT-004',
      ]);
      expect(blocks.find((b) => b.id === 'SMPL-TEXT-004')?.ocr_text).toContain('миллиметрах');
      const zip = await JSZip.loadAsync(await readFile(path.join(out, 'result.zip')));
      expect(Object.keys(zip.files)).toEqual(
        expect.arrayContaining(['result.md', 'annotation.json']),
      );
      expect((await stat(path.join(out, 'crops', 'image_SMPL-IMAG-003.pdf'))).size).toBeGreaterThan(
        0,
      );
      expect(run.out).toContain('4 block(s): 4 done, 0 failed');
    },
    SLOW,
  );

  it(
    'resumes from its checkpoints: a second run into the same --out makes no engine call',
    async () => {
      const out = path.join(dir, 'sample');
      const run = await cli([
        'ocr',
        samplePdf(),
        '--blocks',
        sampleBlocks(),
        '--engine',
        'local',
        '--out',
        out,
      ]);
      expect(run.code).toBe(0);
      expect(run.out).toContain('4 from an earlier run — 0 engine call(s)');
    },
    SLOW,
  );

  it(
    'reads every page as one TEXT block without --blocks',
    async () => {
      const out = path.join(dir, 'whole-pages');
      const run = await cli(['ocr', samplePdf(), '--out', out]);
      expect(run.code).toBe(0);
      const md = await readFile(path.join(out, 'result.md'), 'utf8');
      expect(md).toContain('[[[BLOCK_ID: page-0001]]]');
      expect(md).toContain('[[[BLOCK_ID: page-0002]]]');
      expect(md).toContain('Колонна К-1');
    },
    SLOW,
  );

  it(
    'matches the MuPDF text of a Russian fixture document',
    async () => {
      const name = '08_ru_Def_positions';
      const out = path.join(dir, name);
      const pdfs = path.join(fixturesDir(), 'pdfs');
      const blocksFile = path.join(pdfs, 'annotations', `${name}.json`);
      const pdf = path.join(pdfs, `${name}.pdf`);
      const run = await cli(['ocr', pdf, '--blocks', blocksFile, '--out', out]);
      expect(run.code).toBe(0);
      const texts = new Map(
        (await annotationBlocks(out)).map((b) => [b.id, squash(b.ocr_text ?? '')]),
      );
      const expected = Object.entries(
        JSON.parse(await readFile(path.join(pdfs, 'expected', `${name}.json`), 'utf8')) as Record<
          string,
          string
        >,
      ).filter(([, t]) => t.trim());
      expect(expected.length).toBeGreaterThan(0);
      const matching = expected.filter(([id, t]) => texts.get(id) === squash(t));
      // Text-layer blocks agree with MuPDF after whitespace normalisation (small tolerance).
      expect(matching.length).toBeGreaterThanOrEqual(Math.ceil(expected.length * 0.8));
      await stat(path.join(out, 'result.zip'));
    },
    SLOW,
  );
});

describe('ocr: bad input gives one clear line and a non-zero exit', () => {
  const notPdf = (): string => path.join(dir, 'notes.pdf');
  const badJson = (): string => path.join(dir, 'bad.json');
  const pastLastPage = (): string => path.join(dir, 'past.json');

  beforeAll(async () => {
    await writeFile(notPdf(), 'just some text, not a PDF\n');
    await writeFile(badJson(), '{"pages": [');
    const block = {
      id: 'b1',
      page_index: 7,
      coords_px: [0, 0, 10, 10],
      coords_norm: [0, 0, 0.1, 0.1],
      block_type: 'text',
    };
    await writeFile(pastLastPage(), JSON.stringify([block]));
  });

  it.each([
    ['a missing PDF', () => ['ocr', path.join(dir, 'nope.pdf')], /PDF not found: .*nope\.pdf/],
    ['a file that is not a PDF', () => ['ocr', notPdf()], /notes\.pdf: File is not a PDF/],
    [
      'a missing blocks file',
      () => ['ocr', samplePdf(), '--blocks', path.join(dir, 'no.json')],
      /Blocks file not found/,
    ],
    [
      'blocks that are not JSON',
      () => ['ocr', samplePdf(), '--blocks', badJson()],
      /bad\.json: .*not valid JSON/,
    ],
    [
      'a block past the last page',
      () => ['ocr', samplePdf(), '--blocks', pastLastPage()],
      /page_index 7 is past the last page/,
    ],
    [
      'an unknown engine',
      () => ['ocr', samplePdf(), '--engine', 'tesla'],
      /Unknown engine "tesla"/,
    ],
    [
      'openrouter without a key',
      () => ['ocr', samplePdf(), '--engine', 'openrouter'],
      /needs OPENROUTER_API_KEY/,
    ],
    ['an unknown option', () => ['ocr', samplePdf(), '--colour'], /unknown option '--colour'/],
  ])('%s', async (_, args, message) => {
    const run = await cli(args(), {}, undefined);
    expect(run.code).not.toBe(0);
    expect(run.err).toMatch(message);
    expect(run.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('a bad environment value is named', async () => {
    const run = await cli(['ocr', samplePdf()], { STRIP_MAX_HEIGHT: 'tall' });
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/STRIP_MAX_HEIGHT/);
  });
});

describe('ocr: interrupted', () => {
  it(
    'stops with exit code 130 and keeps what it finished for the next run',
    async () => {
      const out = path.join(dir, 'interrupted');
      const run = await cli(['ocr', samplePdf(), '--out', out], {}, AbortSignal.abort());
      expect(run.code).toBe(130);
      expect(run.err).toMatch(/Interrupted — .*run the same command again to resume/);
    },
    SLOW,
  );
});
