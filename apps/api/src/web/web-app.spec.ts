import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { serveWebApp } from './web-app.js';

@Module({})
class EmptyModule {}

async function serve(
  dir: string,
  lines: string[],
): Promise<{ url: string; app: NestExpressApplication }> {
  const app = await NestFactory.create<NestExpressApplication>(EmptyModule, { logger: false });
  serveWebApp(app, (l) => lines.push(l), dir);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, app };
}

describe('the web app served at /app', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'web-dist-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), '<div id="root"></div>');
    await writeFile(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('serves files, index.html for client routes, 404 for missing assets and outside /app', async () => {
    const { url, app } = await serve(dir, []);
    try {
      const asset = await fetch(`${url}/app/assets/app.js`);
      expect(asset.status).toBe(200);
      expect(await asset.text()).toBe('console.log(1)');
      for (const route of ['/app', '/app/', '/app/jobs/123', '/app/new']) {
        const res = await fetch(url + route);
        expect([route, res.status]).toEqual([route, 200]);
        expect(await res.text()).toContain('id="root"');
        expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      }
      expect((await fetch(`${url}/app/assets/missing.js`)).status).toBe(404);
      expect((await fetch(`${url}/apple`)).status).toBe(404);
      expect((await fetch(`${url}/`)).status).toBe(404);
      expect((await fetch(`${url}/app/x`, { method: 'POST' })).status).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('without a build: says so once, and /app is a 404 while the app still starts', async () => {
    const lines: string[] = [];
    const { url, app } = await serve(path.join(dir, 'absent'), lines);
    try {
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/web app not built/);
      expect((await fetch(`${url}/app/`)).status).toBe(404);
    } finally {
      await app.close();
    }
  });
});
