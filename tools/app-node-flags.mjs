// Node/V8 flags each app runs with wherever this repo starts it (npm start / demo, the Docker
// image and compose file — checked by `npm run docker:check` — and the benchmarks).
//
// api: --max-semi-space-size=1 (MB). A 200 MB upload streams through ~3,200 socket chunks whose
// memory V8 frees only when their small wrapper objects are collected; with the default young
// generation that happened every ~50 MB of garbage (api RSS +66–70 MB per upload), with a 1 MB one
// the wrappers die in frequent cheap scavenges (+25 MB), and the api idles ~30 MB lower. Measured
// with bench/api-load.mjs (API_NODE_OPTIONS tries other values); the list route's CPU per answer
// did not change.
export const APP_NODE_FLAGS = Object.freeze({
  api: Object.freeze(['--max-semi-space-size=1']),
  worker: Object.freeze([]),
  cli: Object.freeze([]),
});

/** The node arguments that start `app` from the repo root. */
export const appNodeArgs = (app, entry) => [...(APP_NODE_FLAGS[app] ?? []), entry];
