import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const SCRIPT = path.resolve(import.meta.dirname, '../../../../tools/fast-build.mjs');

/** Runs the script as the launchers do, on `root`; its one line says how many files. */
function fastBuild(root: string): number {
  const out = execFileSync(process.execPath, [SCRIPT, root], { encoding: 'utf8' });
  return Number(/Transpiled (\d+) files/.exec(out)?.[1]);
}

/** tools/fast-build.mjs on a tiny workspace: the dist layout tsc gives, specs and fixtures left out. */
describe('fast build (SWC, transpile only)', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'fast-build-issue17-'));
    const put = async (file: string, text: string) => {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await writeFile(path.join(root, file), text);
    };
    await put(
      'libs/lib-a/src/service.ts',
      `import { Injectable } from '@nestjs/common';
import type { Dep } from './dep.js';
import { Dep as DepClass } from './dep.js';
@Injectable()
export class Service { constructor(readonly dep: DepClass, readonly other?: Dep) {} }
`,
    );
    await put('libs/lib-a/src/dep.ts', 'export class Dep { x: number = 1; }\n');
    await put('libs/lib-a/src/service.spec.ts', 'it("x", () => undefined);\n');
    await put('libs/lib-a/src/__fixtures__/f.ts', 'export const f = 1;\n');
    await put('libs/lib-a/dist/.tsbuildinfo', '{}');
    await put('libs/testing/src/index.ts', 'export const t = 1;\n');
    await put(
      'apps/app-b/src/nested/main.ts',
      'export const main = (n: number): number => n + 1;\n',
    );
    await put('supabase/migrations/001_a.sql', 'select 1;\n');
  });

  afterAll(() => rm(root, { recursive: true, force: true }));

  it('writes dist/ like tsc, with decorator metadata, and leaves specs, fixtures and testing out', async () => {
    const count = fastBuild(root);
    expect(count).toBe(3);
    const service = await readFile(path.join(root, 'libs/lib-a/dist/service.js'), 'utf8');
    expect(service).toContain('design:paramtypes');
    expect(service).toContain("from './dep.js'");
    expect(service).not.toMatch(/import type|dep: DepClass/);
    expect(existsSync(path.join(root, 'libs/lib-a/dist/service.js.map'))).toBe(true);
    expect(existsSync(path.join(root, 'apps/app-b/dist/nested/main.js'))).toBe(true);
    expect(existsSync(path.join(root, 'libs/lib-a/dist/service.spec.js'))).toBe(false);
    expect(existsSync(path.join(root, 'libs/lib-a/dist/__fixtures__'))).toBe(false);
    expect(existsSync(path.join(root, 'libs/testing/dist'))).toBe(false);
    expect(existsSync(path.join(root, 'libs/lib-a/dist/.tsbuildinfo'))).toBe(false);
    const sql = path.join(root, 'libs/storage/dist/supabase-migrations/001_a.sql');
    expect(await readFile(sql, 'utf8')).toBe('select 1;\n');
  });
});
