import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { jest } from '@jest/globals';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
// eslint-disable-next-line @nx/enforce-module-boundaries -- test only: the api's e2e stack (built api + worker, fresh database and queue prefix) rather than a copy
import { API_KEY, Stack } from '../../api/test/e2e/stack.js';

jest.setTimeout(150_000);

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SAMPLE_PDF = path.join(ROOT, 'samples/sample.pdf');
const ARTIFACTS = path.join(import.meta.dirname, '../test-artifacts');
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Drags a rectangle over the page at normalised coordinates, as a person draws a block. */
async function draw(page: Page, norm: [number, number, number, number]): Promise<void> {
  const box = (await page.getByTestId('block-layer').boundingBox())!;
  const [x1, y1, x2, y2] = norm;
  await page.mouse.move(box.x + x1 * box.width, box.y + y1 * box.height);
  await page.mouse.down();
  await page.mouse.move(box.x + ((x1 + x2) / 2) * box.width, box.y + ((y1 + y2) / 2) * box.height);
  await page.mouse.move(box.x + x2 * box.width, box.y + y2 * box.height);
  await page.mouse.up();
}

/**
 * The web app in Debian's Chromium against the built api (serving apps/web/dist at /app) and a
 * built worker on real Redis and Postgres with the local engine: the whole path of a person,
 * with a screenshot of every step in apps/web/test-artifacts/ (docs/web.md).
 */
describe('web app in Chromium against the built server', () => {
  let stack: Stack;
  let context: BrowserContext;
  let profile: string;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });

  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, 'apps/web/dist/index.html')))
      throw new Error('apps/web/dist is missing: run `npm run build` first');
    await mkdir(ARTIFACTS, { recursive: true });
    stack = await Stack.start({ storage: 'disk' });
    profile = await mkdtemp(path.join(os.tmpdir(), 'web-e2e-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      locale: 'en-US',
      viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('dialog', (d) => void d.accept());
  });

  afterAll(async () => {
    await context?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
    await stack?.stop();
  });

  it('signs in, uploads the sample, draws two blocks, follows the job, reads a block, deletes it', async () => {
    const base = stack.client.baseUrl;
    await page.goto(`${base}/app/`);
    await page.getByLabel('API key').fill('wrong-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'refused' }).waitFor();
    await page.getByLabel('API key').fill(API_KEY);
    await shot('01-sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /Jobs/ }).waitFor();

    await page.getByRole('link', { name: 'New job' }).click();
    await page.locator('input[name=pdf]').setInputFiles(SAMPLE_PDF);
    await page.getByTestId('block-layer').waitFor();
    await draw(page, [0.08, 0.075, 0.92, 0.225]);
    await page.getByRole('radio', { name: 'Table' }).check();
    await draw(page, [0.085, 0.26, 0.79, 0.4]);
    await page.locator('.block-list li').nth(1).waitFor();
    expect(await page.locator('.block-list li').count()).toBe(2);
    await page.locator('select[name=engine]').selectOption('local');
    await shot('02-new-job-two-blocks');
    await page.getByRole('button', { name: 'Submit' }).click();

    const row = page.locator('tr[data-job-id]').first();
    await row.waitFor();
    const id = (await row.getAttribute('data-job-id'))!;
    await row.getByText('100 %').waitFor({ timeout: 120_000 });
    await row.getByText('done', { exact: true }).waitFor();
    await shot('03-jobs-list-done');
    const stored = await stack.query('SELECT status FROM jobs WHERE id = $1', [id]);
    expect(stored[0]?.status).toBe('done');

    await row.getByRole('link').first().click();
    const blocks = page.locator('.block-layer button.block');
    await blocks.nth(1).waitFor({ timeout: 60_000 });
    expect(await blocks.count()).toBe(2);
    await blocks.first().click();
    const text = page.getByTestId('block-text');
    await text.waitFor();
    expect(await text.innerText()).toContain('Пояснительная записка');
    await page.getByRole('link', { name: 'result.md' }).waitFor();
    await shot('04-job-view');

    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('heading', { name: /Jobs/ }).waitFor();
    await page.locator(`tr[data-job-id="${id}"]`).waitFor({ state: 'detached' });
    await shot('05-deleted');
    expect(await stack.query('SELECT id FROM jobs WHERE id = $1', [id])).toHaveLength(0);
  });

  it('serves index.html for client routes under /app only, and 404 for missing assets', async () => {
    const base = stack.client.baseUrl;
    const deep = await fetch(`${base}/app/jobs/00000000-0000-0000-0000-000000000000`);
    expect(deep.status).toBe(200);
    expect(deep.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await deep.text()).toContain('<div id="root">');
    expect((await fetch(`${base}/app/assets/nope.js`)).status).toBe(404);
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const jobs = await fetch(`${base}/jobs`);
    expect(jobs.status).toBe(401);
  });
});
