// The demo's path on a machine with no Redis at all (none set, none found, no `redis-server` on
// the PATH): the same sample and blocks through the same pipeline in one process — the
// `npm run ocr` command — with the same result shown, and one line saying how to get the server.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { hostPort } from './services/decide.mjs';
import { ROOT } from './start.mjs';

const CLI = path.join(ROOT, 'apps', 'cli', 'dist', 'main.js');

/** Runs `remote-ocr ocr` on the sample into `outDir`; resolves with its exit code. */
function runOcrCli(pdf, blocks, outDir) {
  const args = [CLI, 'ocr', pdf, '--blocks', blocks, '--engine', 'local', '--out', outDir];
  const child = spawn(process.execPath, [...args, '--fresh'], {
    cwd: process.cwd(),
    stdio: 'inherit',
  });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
}

/**
 * @param {{ pdf: string, blocks: string, outDir: string, previewLines: number, probed: string }} sample
 * @returns the text of result.md
 */
export async function runDemoInProcess({ pdf, blocks, outDir, previewLines, probed }) {
  console.log(
    `No Redis (none set, none on ${hostPort(probed, 6379)}, no redis-server on the PATH): running the sample in one process (\`npm run ocr\`).`,
  );
  console.log(
    'For the server, install Redis (`apt install redis-server`, `brew install redis`) or run `docker compose -f docker/compose.yaml up -d`.',
  );
  const code = await runOcrCli(pdf, blocks, outDir);
  if (code !== 0) throw new Error(`the one-process run ended with ${code}`);
  const md = await readFile(path.join(outDir, 'result.md'), 'utf8');
  const rel = path.relative(process.cwd(), outDir) || '.';
  console.log(`\n✔ Sample done in one process; results in ${rel}/`);
  console.log(`\n── first lines of result.md ──`);
  console.log(md.split('\n').slice(0, previewLines).join('\n'));
  console.log('──');
  return md;
}
