import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DomainError } from '@remote-ocr/contracts';
import { fixturePdfPath, loadFixtureAnnotation } from '@remote-ocr/testing';
import {
  MAX_BLOCKS_FILE_BYTES,
  MAX_HINT_CHARS,
  checkBlocksFileSize,
  checkJobInput,
} from './check-job-input.js';

const NAME = '05_scan_form_issue7229';
const LIMITS = { maxPages: 500, maxBlocks: 20_000 };

async function codeOf(work: Promise<unknown>): Promise<string | undefined> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  return error instanceof DomainError ? error.code : undefined;
}

describe('checkJobInput: the one set of input limits of the api and the CLI', () => {
  const pdf = fixturePdfPath(NAME);
  const doc = loadFixtureAnnotation(NAME);
  const text = JSON.stringify(doc);
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(path.join(os.tmpdir(), 'issue-12-input-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('accepts a real PDF with its annotation', async () => {
    const checked = await checkJobInput(pdf, text, LIMITS);
    expect(checked.pageCount).toBe(2);
    expect(checked.blocks).toHaveLength(6);
  });

  it('refuses more blocks than MAX_BLOCKS and more pages than MAX_PAGES', async () => {
    expect(await codeOf(checkJobInput(pdf, text, { ...LIMITS, maxBlocks: 5 }))).toBe(
      'invalid_blocks',
    );
    expect(await codeOf(checkJobInput(pdf, text, { ...LIMITS, maxPages: 1 }))).toBe('invalid_pdf');
  });

  it('refuses a hint longer than MAX_HINT_CHARS', async () => {
    const long = structuredClone(doc) as { pages: Array<{ blocks: Array<{ hint?: string }> }> };
    long.pages[0].blocks[0].hint = 'x'.repeat(MAX_HINT_CHARS + 1);
    expect(await codeOf(checkJobInput(pdf, JSON.stringify(long), LIMITS))).toBe('invalid_blocks');
  });

  it('reports a bad PDF before bad blocks', async () => {
    const notPdf = path.join(dir, 'not.pdf');
    await writeFile(notPdf, 'hello');
    expect(await codeOf(checkJobInput(notPdf, '{', LIMITS))).toBe('invalid_pdf');
    expect(await codeOf(checkJobInput(pdf, '{', LIMITS))).toBe('invalid_blocks');
  });

  it('refuses a blocks file over MAX_BLOCKS_FILE_BYTES before reading it', () => {
    expect(() => checkBlocksFileSize(MAX_BLOCKS_FILE_BYTES)).not.toThrow();
    expect(() => checkBlocksFileSize(MAX_BLOCKS_FILE_BYTES + 1)).toThrow(
      expect.objectContaining({ code: 'payload_too_large' }),
    );
  });
});
