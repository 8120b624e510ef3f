// The `npm start` supervisor loop (docs/scaling.md, "Self-recycling workers"): a worker that exits
// 0 on its own — it recycled itself past WORKER_MAX_RSS_MB / WORKER_MAX_JOBS — is replaced by a
// fresh one; any other exit (a crash, the api stopping) is returned to the caller, which stops all.

/** A worker that lived less than this before exiting 0 waits this long before its replacement. */
const MIN_LIFE_MS = 2000;

/**
 * Waits on `children` (each with `app` and an `exited` promise of { code, signal }); replaces a
 * worker that exited 0 with `startWorker()` unless `stopping()`. Resolves with the first other exit.
 */
export async function superviseChildren(children, { startWorker, stopping, log }) {
  const born = new Map(children.map((c) => [c, Date.now()]));
  for (;;) {
    const first = await Promise.race(children.map((c) => c.exited.then((r) => ({ c, r }))));
    const recycled = first.c.app === 'worker' && first.r.code === 0 && !stopping();
    if (!recycled) return first;
    const lived = Date.now() - (born.get(first.c) ?? 0);
    if (lived < MIN_LIFE_MS) await new Promise((r) => setTimeout(r, MIN_LIFE_MS));
    if (stopping()) return first;
    log('worker recycled itself (exit 0); starting a fresh one');
    const fresh = startWorker();
    born.set(fresh, Date.now());
    children.splice(children.indexOf(first.c), 1, fresh);
  }
}
