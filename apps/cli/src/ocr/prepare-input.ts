import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { DomainError } from '@remote-ocr/contracts';
import type { Block } from '@remote-ocr/ocr-core';
import { inspectPdf } from '@remote-ocr/render';
import { checkBlocksFileSize, checkJobInput, type JobInputLimits } from '@remote-ocr/server';
import { CliError } from '../common/cli-error.js';
import { wholePageBlocks } from './whole-page-blocks.js';

/** A validated one-shot run: the PDF on disk and the blocks to read. */
export interface PreparedInput {
  pdfPath: string;
  documentName: string;
  blocks: Block[];
  /** SHA-256 of the PDF bytes: with the blocks, it tells whether old checkpoints still apply. */
  pdfSha256: string;
}

async function assertFile(file: string, what: string): Promise<void> {
  const info = await stat(file).catch(() => null);
  if (!info) throw new CliError(`${what} not found: ${file}`);
  if (!info.isFile()) throw new CliError(`${what} is not a file: ${file}`);
}

/** Re-labels a domain error (bad PDF, bad blocks) with the file it is about. */
function aboutFile<T>(file: string, work: Promise<T>): Promise<T> {
  return work.catch((error: unknown) => {
    if (error instanceof DomainError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  });
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The PDF with a blocks file: the same checks and limits as an upload to the api. */
async function checkWithBlocks(
  pdf: string,
  blocksFile: string,
  limits: JobInputLimits,
): Promise<Block[]> {
  await assertFile(blocksFile, 'Blocks file');
  const read = async () => {
    checkBlocksFileSize((await stat(blocksFile)).size, 'Blocks file');
    return readFile(blocksFile);
  };
  const blocksText = await aboutFile(blocksFile, read());
  try {
    return (await checkJobInput(path.resolve(pdf), blocksText, limits)).blocks;
  } catch (error) {
    const isPdf = error instanceof DomainError && error.code === 'invalid_pdf';
    if (error instanceof DomainError)
      throw new CliError(`${isPdf ? pdf : blocksFile}: ${error.message}`);
    throw error;
  }
}

/** Without a blocks file every page becomes one TEXT block. */
async function wholeDocument(pdf: string, pdfPath: string, maxPages: number): Promise<Block[]> {
  const info = await aboutFile(pdf, inspectPdf(pdfPath, { maxPages, allPages: true }));
  return wholePageBlocks(info.pages.map((p) => ({ page_number: p.page, ...p })));
}

/**
 * Checks the inputs of `ocr` the way the api checks an upload (docs/contract.md §3): the PDF exists and opens,
 * the blocks parse and fit the PDF. Without a blocks file every page becomes one TEXT block.
 * @throws CliError with one line naming the file and the problem
 */
export async function prepareInput(
  pdf: string,
  blocksFile: string | undefined,
  limits: JobInputLimits,
): Promise<PreparedInput> {
  const pdfPath = path.resolve(pdf);
  await assertFile(pdfPath, 'PDF');
  const blocks = blocksFile
    ? await checkWithBlocks(pdf, blocksFile, limits)
    : await wholeDocument(pdf, pdfPath, limits.maxPages);
  return {
    pdfPath,
    documentName: path.basename(pdfPath),
    blocks,
    pdfSha256: await sha256File(pdfPath),
  };
}
