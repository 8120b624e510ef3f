// Reads a V8 .cpuprofile (node --cpu-prof) and prints where the time went: self time by
// function and by package/file, so a benchmark's miss can be explained with numbers.
//   npx node bench/lib/profile.mjs <file.cpuprofile> [--top 25]
import { readFileSync } from 'node:fs';

/** Self time in ms per node of the profile (samples × their time deltas). */
function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, { node: n, ms: 0 }]));
  profile.samples.forEach((id, i) => (byId.get(id).ms += (profile.timeDeltas[i] ?? 0) / 1000));
  return [...byId.values()];
}

/** Where a script lives, shortened: the npm package, or the workspace path. */
function origin(url) {
  if (!url) return '(native/idle)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node internals';
  return url.replace(/^file:\/\/.*?\/(apps|libs)\//, '$1/');
}

function top(map, n) {
  return [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
}

export function summarise(file, n = 25) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const times = selfTimes(profile);
  const total = times.reduce((s, t) => s + t.ms, 0);
  const byFn = new Map();
  const byOrigin = new Map();
  for (const { node, ms } of times) {
    const cf = node.callFrame;
    const fn = `${cf.functionName || '(anonymous)'} ${origin(cf.url)}:${cf.lineNumber + 1}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + ms);
    const o = cf.url ? origin(cf.url) : cf.functionName || '(native)';
    byOrigin.set(o, (byOrigin.get(o) ?? 0) + ms);
  }
  console.log(`${file}: ${(total / 1000).toFixed(1)} s sampled`);
  console.log('by package/file (self time):');
  for (const [k, v] of top(byOrigin, n)) console.log(`  ${v.toFixed(0).padStart(7)} ms  ${k}`);
  console.log('by function (self time):');
  for (const [k, v] of top(byFn, n)) console.log(`  ${v.toFixed(0).padStart(7)} ms  ${k}`);
}

if (import.meta.filename === process.argv[1]) {
  const i = process.argv.indexOf('--top');
  summarise(process.argv[2], i > 0 ? Number(process.argv[i + 1]) : 25);
}
