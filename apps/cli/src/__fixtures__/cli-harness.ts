import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../program.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** The repository root (holds nx.json). */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'nx.json'))) dir = path.dirname(dir);
  return dir;
}

/** `../shared/fixtures` next to the repository (fixtures are never copied into it). */
export const fixturesDir = (): string => path.resolve(repoRoot(), '..', 'shared', 'fixtures');

export const samplePdf = (): string => path.join(repoRoot(), 'samples', 'sample.pdf');
export const sampleBlocks = (): string => path.join(repoRoot(), 'samples', 'sample.blocks.json');

/** Runs the real command line in this process with `env` as its whole environment. */
export async function cli(
  args: string[],
  env: Record<string, string | undefined> = {},
  signal?: AbortSignal,
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    env,
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    isTty: false,
    signal,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
