// Test support only (excluded from the build): reads `../shared/fixtures` next to the repo root.
// ocr-core may not import @remote-ocr/testing (module boundaries), hence this small copy.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

function repoRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('no nx.json above ' + import.meta.dirname);
    dir = parent;
  }
  return dir;
}

/** Absolute path of a file under `../shared/fixtures`. */
export const fixturePath = (...parts: string[]): string =>
  resolve(repoRoot(), '..', 'shared', 'fixtures', ...parts);

export const readFixtureText = (...parts: string[]): string =>
  readFileSync(fixturePath(...parts), 'utf8');

export const readFixtureJson = (...parts: string[]): unknown =>
  JSON.parse(readFixtureText(...parts));
