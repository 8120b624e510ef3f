import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../fixtures/fixtures.js';

/** Node arguments that let a child process run the workspace's TypeScript sources. */
export function tsNodeArgs(): string[] {
  return ['--import', join(repoRoot(), 'libs', 'testing', 'ts-register.mjs')];
}

export interface TsRunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a TypeScript script in a child Node process (this process's Node, i.e. the pinned one under
 * npm scripts) and resolves with its exit code and output once it exits.
 */
export function runTsScript(
  script: string,
  args: readonly string[] = [],
  signal?: AbortSignal,
): Promise<TsRunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...tsNodeArgs(), script, ...args], {
      cwd: repoRoot(),
      stdio: ['ignore', 'pipe', 'pipe'],
      signal,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
