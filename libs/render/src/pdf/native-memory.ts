// @napi-rs/canvas hands out pixel buffers and canvases backed by native memory that V8 does not
// count, so nothing prompts a garbage collection: measured, reading 26 bands of a 12393-px-wide
// crop left 100+ MB resident until a GC ran. We therefore collect explicitly once enough pixels
// have passed through. Collecting is not enough: Node runs the finalizers that free those native
// buffers on a later turn of the event loop, and a render band after band never yields one
// (measured: +8 MB RSS per band read back, released only when the block's PNG deflate awaited
// zlib), so after collecting we wait for one. `gc` is only reachable with --expose-gc; turning the flag on at runtime and
// fetching `gc` from a fresh context is the documented V8 way to get it without a CLI flag.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Collect = (options?: { type: 'major' | 'minor' }) => void;
let collect: Collect | undefined;

function collector(): Collect {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as Collect;
  }
  return collect;
}

/**
 * The read-back buffers die young, so a minor GC (scavenge) frees them; a full GC only every
 * this many budgets. Measured on fixture 01 (72 Mpx): CPU 7.3 -> 6.4 s against a full GC each
 * time, same peak RSS.
 */
const MINOR_PER_MAJOR = 4;

/** Counts rendered pixels and runs a GC after every `budget` of them. */
export class NativeMemoryBudget {
  private pending = 0;
  private rounds = 0;
  private readonly budget: number;

  constructor(budgetPixels: number) {
    this.budget = budgetPixels;
  }

  /** Records `pixels` just read from a canvas; collects (and lets finalizers run) when over budget. */
  async spend(pixels: number): Promise<void> {
    this.pending += pixels;
    if (this.pending < this.budget) return;
    this.pending = 0;
    const major = ++this.rounds % MINOR_PER_MAJOR === 0;
    collector()({ type: major ? 'major' : 'minor' });
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
