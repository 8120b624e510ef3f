import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { jest } from '@jest/globals';
import JSZip from 'jszip';
import { fixture, type Fixture } from '../e2e/helpers.js';
import { REPO_ROOT } from '../e2e/processes.js';
import { API_KEY, Stack } from '../e2e/stack.js';

jest.setTimeout(180_000);

const run = promisify(execFile);
const CLI = path.join(REPO_ROOT, 'apps', 'cli', 'dist', 'main.js');

/** The built CLI as a user runs it (`npm run ocr -- submit …` is `main.js ocr submit …`). */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir() },
    });
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout, err: e.stderr };
  }
}

describe('cli submit against the built server', () => {
  let stack: Stack;
  let doc: Fixture;
  let tmp: string;
  let blocksFile: string;

  beforeAll(async () => {
    stack = await Stack.start({ storage: 'disk' });
    doc = await fixture('12_pdkids');
    tmp = await mkdtemp(path.join(os.tmpdir(), 'cli-submit-'));
    blocksFile = path.join(tmp, 'blocks.json');
    await writeFile(blocksFile, JSON.stringify(doc.blocks));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
    await stack?.stop();
  });

  it('uploads, waits for the job and downloads result.zip', async () => {
    const out = path.join(tmp, 'out.zip');
    const server = stack.client.baseUrl;
    const args = ['ocr', 'submit', doc.pdf, '--blocks', blocksFile, '--server', server];
    const res = await cli([...args, '--key', API_KEY, '--engine', 'local', '--out', out]);
    if (res.code !== 0) throw new Error(`exit ${res.code}: ${res.err}`);
    const id = /job ([0-9a-f-]{36}): done/.exec(res.out)?.[1];
    expect(id).toBeDefined();
    expect(res.err).toMatch(/upload 100%/);
    const zip = await JSZip.loadAsync(await readFile(out));
    const annotation = JSON.parse(await zip.file('annotation.json')!.async('string'));
    const ids = annotation.pages.flatMap((p: any) => p.blocks.map((b: any) => b.id));
    expect(ids.sort()).toEqual(doc.blocks.map((b) => b.id).sort());
    const rows = await stack.query('SELECT status FROM jobs WHERE id = $1', [id]);
    expect(rows).toEqual([{ status: 'done' }]);
  });

  it('prints the server detail of a refused job and exits 1', async () => {
    const notPdf = path.join(tmp, 'not.pdf');
    await writeFile(notPdf, 'hello');
    const server = stack.client.baseUrl;
    const args = ['submit', notPdf, '--blocks', blocksFile, '--server', server, '--key', API_KEY];
    const res = await cli(args);
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/^error: server refused: .+/m);
    expect(res.err).not.toMatch(/at .+\.js:\d+/);
  });
});
