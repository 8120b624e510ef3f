// The quick build behind `npm start`, `npm run demo` and `npm run ocr` on a fresh clone
// (docs/embedded.md): every project's `src/**/*.ts` transpiled by SWC into the same `dist/` layout
// the `tsc -p <project>/tsconfig.build.json` builds give, in one process, all files at once.
// What it leaves out: type checking and `.d.ts` files — `npm run build` / `npm test` still run
// tsc for those (its output replaces this one). The SWC settings are jest.preset.js's (Nest's
// legacy decorators with metadata), so the code that runs is the code the test suites run.
// Why a script of our own: @swc/cli is not installed and would add a dependency for a loop of
// `transformFile` calls; Nx's own swc executor needs @nx/js and per-project configuration.
import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import swc from '@swc/core';

const SWC_OPTIONS = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2023',
  },
  module: { type: 'es6' },
  sourceMaps: true,
};

/** Sources tsconfig.build.json compiles: no specs, no fixtures. */
const isBuildSource = (file) =>
  file.endsWith('.ts') &&
  !file.endsWith('.d.ts') &&
  !file.endsWith('.spec.ts') &&
  !file.endsWith('.int-spec.ts') &&
  !file.split(path.sep).includes('__fixtures__');

async function sourcesOf(srcDir) {
  const entries = await readdir(srcDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .filter(isBuildSource);
}

async function transpile(srcDir, distDir, file) {
  const rel = path.relative(srcDir, file).replace(/\.ts$/, '.js');
  const out = path.join(distDir, rel);
  const { code, map } = await swc.transformFile(file, {
    ...SWC_OPTIONS,
    filename: file,
    sourceFileName: path.relative(path.dirname(out), file),
  });
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${code}\n//# sourceMappingURL=${path.basename(out)}.map\n`);
  if (map) await writeFile(`${out}.map`, map);
}

/** Project directories (`libs/x`, `apps/y`) that have a `src/` to build. */
async function projects(root, skip) {
  const dirs = [];
  for (const group of ['libs', 'apps']) {
    for (const name of await readdir(path.join(root, group))) {
      if (!skip.includes(name)) dirs.push(path.join(root, group, name));
    }
  }
  return dirs;
}

/**
 * Transpiles every project (but `skip`) into its `dist/`. Resolves with the file count.
 * A stale `.tsbuildinfo` is removed so a later `tsc` build does not trust outputs it did not write.
 */
export async function fastBuild(root, { skip = ['testing'] } = {}) {
  let count = 0;
  await Promise.all(
    (await projects(root, skip)).map(async (dir) => {
      const srcDir = path.join(dir, 'src');
      const distDir = path.join(dir, 'dist');
      const files = await sourcesOf(srcDir).catch(() => []);
      if (files.length === 0) return;
      await rm(path.join(distDir, '.tsbuildinfo'), { force: true });
      await Promise.all(files.map((file) => transpile(srcDir, distDir, file)));
      count += files.length;
    }),
  );
  // The storage build's copy of the schema (libs/storage/project.json does the same after tsc).
  const migrations = path.join(root, 'libs', 'storage', 'dist', 'supabase-migrations');
  await rm(migrations, { recursive: true, force: true });
  await cp(path.join(root, 'supabase', 'migrations'), migrations, { recursive: true });
  return count;
}

if (process.argv[1] === import.meta.filename) {
  const started = performance.now();
  // The workspace to build: this repository, or the directory given (tests build a tiny one).
  const root = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..'));
  fastBuild(root).then(
    (count) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`Transpiled ${count} files with SWC in ${seconds} s (no type check).`);
    },
    (error) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
