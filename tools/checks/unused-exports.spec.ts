import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ALLOW = JSON.parse(
  readFileSync(path.join(import.meta.dirname, 'unused-exports.allow.json'), 'utf8'),
).allowed as Record<string, string[]>;

interface KnipReport {
  issues: Array<{ file: string; exports?: Array<{ name: string }> }>;
}

/**
 * Runs knip (configured in knip.json) for unused exports, entry files included, and returns
 * `file: name` for every export of a lib that nothing in the repo imports.
 */
async function unusedLibExports(): Promise<string[]> {
  const knip = path.join(ROOT, 'node_modules', 'knip', 'bin', 'knip.js');
  const args = [knip, '--include-entry-exports', '--include', 'exports', '--reporter', 'json'];
  const { stdout } = await promisify(execFile)(process.execPath, args, {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stdout?: string }) => {
    // knip exits 1 when it finds anything; its report is still on stdout.
    if (typeof error.stdout === 'string' && error.stdout.startsWith('{'))
      return { stdout: error.stdout };
    throw error;
  });
  const report = JSON.parse(stdout) as KnipReport;
  return report.issues
    .filter((issue) => issue.file.startsWith('libs/'))
    .flatMap((issue) => (issue.exports ?? []).map((e) => `${issue.file}: ${e.name}`));
}

describe('the libs export nothing unused', () => {
  it('every export of a lib is imported somewhere, or listed with a reason in unused-exports.allow.json', async () => {
    const allowed = new Set(
      Object.entries(ALLOW).flatMap(([file, names]) => names.map((name) => `${file}: ${name}`)),
    );
    const unused = await unusedLibExports();
    expect(unused.filter((entry) => !allowed.has(entry))).toEqual([]);
  }, 180_000);
});
