import { jest } from '@jest/globals';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FakeOpenRouterServer } from '@remote-ocr/testing';
import { API_KEY, Stack } from '../e2e/stack.js';
import { isFinished, waitForJob } from '../e2e/helpers.js';
import { BAD_BLOCK_CASES } from './bad-block-cases.js';
import { MB, type BadInputCase, type CaseContext, type SentRequest } from './bad-input-kit.js';
import { BAD_SECURITY_CASES } from './bad-security-cases.js';
import { BAD_UPLOAD_CASES } from './bad-upload-cases.js';
import { BAD_COST_CASES } from './bad-cost-cases.js';
import { BAD_QUOTA_CASES, QUOTA_CASE_ENV } from './bad-quota-cases.js';
import {
  countLiePdf,
  encryptedPdf,
  goodBlocks,
  sha256,
  sizedPdf,
  textPdf,
  zeroPagePdf,
} from './pdf-samples.js';

jest.setTimeout(300_000);

const CASES: BadInputCase[] = [
  ...BAD_UPLOAD_CASES,
  ...BAD_BLOCK_CASES,
  ...BAD_SECURITY_CASES,
  ...BAD_COST_CASES,
  ...BAD_QUOTA_CASES,
];
const MAX_UPLOAD_MB = 12;

interface Outcome {
  name: string;
  status: number;
  detail: unknown;
}

/** Every file under `dir` (relative paths); none when it does not exist. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

async function makeSamples(): Promise<CaseContext['samples']> {
  const good = await textPdf(2);
  const oversized = Buffer.concat([
    Buffer.from(good),
    Buffer.alloc((MAX_UPLOAD_MB + 1) * MB, 0x20),
  ]);
  return {
    good,
    encrypted: await encryptedPdf(good),
    zeroPages: zeroPagePdf(),
    countBomb: await countLiePdf(100_000_000),
    countLie: await countLiePdf(3),
    hugePage: await sizedPdf(1e7, 1e7),
    oversized,
  };
}

describe('bad input is refused with a clear 4xx and leaves nothing behind (built api)', () => {
  let fake: FakeOpenRouterServer;
  let stack: Stack;
  let tmpDir: string;
  let ctx: CaseContext;

  beforeAll(async () => {
    ctx = { samples: await makeSamples() };
    // The api's own temp dir, so leftover upload files of refused requests can be seen.
    tmpDir = await mkdtemp(path.join(os.tmpdir(), 'remote-ocr-bad-input-tmp-'));
    fake = await FakeOpenRouterServer.start();
    stack = await Stack.start({
      storage: 'disk',
      env: {
        OPENROUTER_API_KEY: 'sk-fake',
        OPENROUTER_BASE_URL: fake.url,
        MAX_UPLOAD_MB: String(MAX_UPLOAD_MB),
        TMPDIR: tmpDir,
        ...QUOTA_CASE_ENV,
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await fake?.close();
    if (tmpDir) await rm(tmpDir, { recursive: true, force: true });
  });

  async function send(req: SentRequest): Promise<{ status: number; body: any }> {
    const res = await fetch(`${stack.client.baseUrl}${req.route}`, {
      method: req.method,
      headers: { 'X-API-Key': API_KEY, ...req.headers },
      body: req.body,
    });
    const text = await res.text();
    try {
      return { status: res.status, body: JSON.parse(text) };
    } catch {
      return { status: res.status, body: text };
    }
  }

  it(`answers each of ${CASES.length} bad requests with its 4xx and a clear detail`, async () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    const wrong: Array<Outcome & { expected: string }> = [];
    for (const c of CASES) {
      const { status, body } = await send(c.send(ctx));
      const detail = (body as { detail?: unknown })?.detail;
      const ok = status === c.status && typeof detail === 'string' && c.detail.test(detail);
      if (!ok)
        wrong.push({
          name: c.name,
          status,
          detail: detail ?? body,
          expected: `${c.status} ${c.detail}`,
        });
      // A case that slipped through must not poison the "nothing stored" check below.
      if (status === 200 && typeof body?.id === 'string')
        await send({ method: 'DELETE', route: `/jobs/${body.id}` });
    }
    expect(wrong).toEqual([]);
  });

  it('stored nothing for the refused requests and left no temporary upload behind', async () => {
    expect(await stack.query('select id from jobs')).toEqual([]);
    expect(await stack.query('select r2_key from job_files')).toEqual([]);
    expect(await filesUnder(path.join(stack.dataDir, 'objects'))).toEqual([]);
    const leftovers = (await filesUnder(tmpDir)).filter((f) =>
      path.basename(f).startsWith('upload-'),
    );
    expect(leftovers).toEqual([]);
  });

  it('is still healthy: /health answers and a good job (unknown block type read as text) runs', async () => {
    expect(await send({ method: 'GET', route: '/health' })).toEqual({
      status: 200,
      body: { ok: true },
    });
    expect((await send({ method: 'GET', route: '/health/ready' })).status).toBe(200);
    const blocks = goodBlocks();
    blocks[1] = { ...blocks[1], block_type: 'formula' };
    const form = new FormData();
    form.append('client_id', 'bad-input');
    form.append('document_id', sha256(ctx.samples.good));
    form.append('document_name', 'Чертёж 図面 🏗️.pdf');
    // A path-like upload file name is only a label: nothing is written outside the store.
    form.append(
      'pdf',
      new Blob([Buffer.from(ctx.samples.good)], { type: 'application/pdf' }),
      '../../escape.pdf',
    );
    form.append('blocks_file', new Blob([JSON.stringify(blocks)]), '../blocks.json');
    const created = await send({ method: 'POST', route: '/jobs', body: form });
    expect(created.status).toBe(200);
    const done = await waitForJob(stack.client, created.body.id, isFinished);
    expect(done).toMatchObject({
      status: 'done',
      blocks_done: 2,
      document_name: 'Чертёж 図面 🏗️.pdf',
    });
    const details = await send({ method: 'GET', route: `/jobs/${done.id}/details` });
    expect(details.body.block_stats).toMatchObject({ total: 2, text: 2 });
    // Besides the objects, the data dir holds only the generated download-link secret.
    const stored = (await filesUnder(stack.dataDir)).filter(
      (f) => f !== path.join(stack.dataDir, 'download-url.secret'),
    );
    expect(
      stored.every((f) => f.startsWith(path.join(stack.dataDir, 'objects', 'ocr_jobs', done.id))),
    ).toBe(true);
    expect(stored.some((f) => f.endsWith('escape.pdf'))).toBe(false);
  });
});
