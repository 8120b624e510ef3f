#!/usr/bin/env node
// `npm run bench [-- name ...]`: builds the workspace, then runs each named benchmark of bench/
// (all of them without names). Benchmarks print their figures; none of them is a test.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const benchDir = path.join(root, 'bench');
/** The benchmarks, by the name `npm run bench -- <name>` takes. */
const BENCHES = {
  crops: 'crops.mjs',
  engines: 'engines.mjs',
  pipeline: 'pipeline.mjs',
  strips: 'strips.mjs',
  parsing: 'parsing.mjs',
  memory: 'memory.mjs',
  e2e: 'e2e.mjs',
  'api-load': 'api-load.mjs',
  events: 'events.mjs',
  'embedded-db': 'embedded-db.mjs',
  web: 'web.mjs',
  auto: 'auto.mjs',
  'strip-encoding': 'strip-encoding.mjs',
  estimate: 'estimate.mjs',
  fairness: 'fairness.mjs',
  scaling: 'scaling.mjs',
  'local-cer': 'local-cer.mjs',
  'vector-crops': 'vector-crops.mjs',
};
const available = Object.keys(BENCHES);

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}

const run = (cmd, args) => {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  return result.status ?? 1;
};

if (
  run(process.execPath, [
    path.join(root, 'node_modules/nx/bin/nx.js'),
    'run-many',
    '-t',
    'build',
    '--output-style=static',
  ]) !== 0
) {
  console.error('build failed');
  process.exit(1);
}

let failed = 0;
for (const name of wanted.length > 0 ? wanted : available) {
  const file = path.join(benchDir, BENCHES[name]);
  console.log(`\n=== bench ${name} (${path.relative(root, file)})`);
  if (run(process.execPath, [file]) !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
