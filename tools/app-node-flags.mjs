// How each app's process is started wherever this repo starts it: npm start / demo, the Docker
// image and compose file (checked by `npm run docker:check`) and the benchmarks. These settings
// can only be given when a process starts, so the apps cannot apply them themselves.
//
// Node flags:
// - api --max-semi-space-size=1 (MB): a 200 MB upload streams through ~3,200 socket chunks whose
//   memory V8 frees only when their small wrapper objects are collected; with the default young
//   generation that happened every ~50 MB of garbage (api RSS +66–70 MB per upload), with 1 MB the
//   wrappers die in frequent cheap scavenges (+25 MB) and the api idles ~30 MB lower; the list
//   route's CPU per answer did not change (bench/api-load.mjs; --node-args tries others).
// - worker --max-semi-space-size=4: with the allocator settings below, the 352-page book's RSS
//   stays flat (≈ 300–365 MB at 10/50/100 % instead of 505/531/543) for ≈ 5 % more CPU
//   (bench/memory.mjs; --node-args tries others).
export const APP_NODE_FLAGS = Object.freeze({
  api: Object.freeze(['--max-semi-space-size=1']),
  worker: Object.freeze(['--max-semi-space-size=4']),
});

/**
 * glibc malloc settings for every process of the image. Render threads and strips allocate and
 * free many multi-megabyte pixel buffers; by default glibc raises its mmap threshold after the
 * first such free and then serves them from per-thread heaps it rarely gives back. A fixed 1 MB
 * threshold returns every such buffer to the system on free; two arenas bound per-thread heaps.
 */
export const PROCESS_ENV = Object.freeze({
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: String(1 << 20),
});

/** The node arguments that start `app`: its flags, then `extra` (later flags win), the entry. */
export const appNodeArgs = (app, entry, extra = []) => [
  ...(APP_NODE_FLAGS[app] ?? []),
  ...extra,
  entry,
];
