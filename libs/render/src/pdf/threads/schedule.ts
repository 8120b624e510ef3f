// Scheduling decisions of the render pool, as pure functions of what the pool knows: which pages
// each thread holds parsed, what a page cost to parse and a block of it to render, and the page
// order of each open document. Kept apart from the threads so they can be tested without timing.
//
// The trade-off they encode: a page's operator list and fonts live in the thread that parsed it,
// so a block is cheapest on the thread that holds its page. A second thread helps without extra
// work when it parses a different page (the next page of the document, before its blocks are
// even asked for); it joins in on the same page only when that page's waiting render work clearly
// outweighs parsing it a second time.

/** What the pool knows about one page (document and page: the key). */
export interface PageCost {
  /**
   * Blocks of the page the session will still ask for (beyond those queued), from the block
   * list it announced: the render work a helper could share is the queue's and these.
   */
  comingBlocks?: number;
  /** Milliseconds the page took to parse (operator list, fonts, images), once known. */
  parseMs?: number;
  /**
   * Milliseconds opening the document costs the thread in question (0 when it has it open): a
   * thread that has not opened it parses the document's structure and fonts again first.
   */
  openMs?: number;
  /** When a thread started parsing it (ms, same clock as `now`), while it is being parsed. */
  parsingSince?: number;
  /**
   * Milliseconds the first block rendered after the parse took: beyond its pixels it pays for
   * what a thread sets up on first use (glyph outlines, decoded images as canvases).
   */
  firstRenderMs?: number;
  /** Average milliseconds to render and encode one of its later blocks. */
  renderMs?: number;
  /** Blocks `renderMs` averages over. */
  blocks?: number;
}

/**
 * Stealing a page's blocks (entering the page on a second thread: parsing it and setting up its
 * fonts and images there) pays when the blocks waiting on it take at least this many times that
 * entry cost to render: the two threads then share the waiting work, saving about
 * (waiting × render − entry) / 2 of wall time for one entry of CPU time — on a machine whose
 * cores also deflate PNGs and run the server, saving less than the CPU it burns is a loss.
 */
export const STEAL_FACTOR = 3;

/** What entering the page costs a thread beyond rendering its blocks, as far as known. */
export function entryCost(cost: PageCost, now: number): number {
  const parse =
    cost.parseMs ?? (cost.parsingSince === undefined ? 0 : Math.max(0, now - cost.parsingSince));
  const setup = Math.max(0, (cost.firstRenderMs ?? 0) - (cost.renderMs ?? 0));
  return (cost.openMs ?? 0) + parse + setup;
}

/**
 * Whether a thread should parse a coming page ahead: always when it has the document open; a
 * thread that has not must open it first (`openMs`, a second copy of the document's structure
 * and fonts), which pays only when the document's pages parse slower than it opens (measured
 * on the LuaTeX dissertation, fixture 07, which opens slower than a page parses: parsing its next
 * page on the other thread made it slower with two threads than with one).
 */
export function worthPreparing(openMs: number, pageParseMs: number | undefined): boolean {
  return openMs === 0 || (pageParseMs !== undefined && pageParseMs >= openMs);
}

/**
 * Whether a free thread should render `waiting` queued blocks' worth of a page another thread
 * holds, entering the page a second time. Unknown render cost of its later blocks: no (the
 * owner's second block will tell). A page still being parsed costs at least as long as it has
 * been parsing.
 */
export function worthStealing(waiting: number, cost: PageCost | undefined, now: number): boolean {
  if (!cost?.renderMs || waiting < 2) return false;
  return waiting * cost.renderMs >= STEAL_FACTOR * entryCost(cost, now);
}

/**
 * The queued request (by its page key) a thread should take next, or -1 to leave the queue to
 * the other threads: a block of a page it holds (most recently used first), else one of a page
 * no thread holds, else — if `steal` — one of the page with the most blocks waiting (queued or
 * still to come) when stealing it pays.
 *
 * @param queue keys of the queued requests, oldest first
 * @param mine keys the thread holds, least recently used first
 * @param others keys the other threads hold
 */
export function pickRequest(
  queue: readonly string[],
  mine: readonly string[],
  others: ReadonlySet<string>,
  costOf: (key: string) => PageCost | undefined,
  now: number,
  steal = true,
): number {
  for (let m = mine.length - 1; m >= 0; m--) {
    const same = queue.indexOf(mine[m]);
    if (same >= 0) return same;
  }
  const free = queue.findIndex((key) => !others.has(key));
  if (free >= 0 || !steal) return free;
  const waiting = new Map<string, number>();
  for (const key of queue) waiting.set(key, (waiting.get(key) ?? 0) + 1);
  for (const key of waiting.keys()) {
    waiting.set(key, (waiting.get(key) ?? 0) + (costOf(key)?.comingBlocks ?? 0));
  }
  let best: string | undefined;
  for (const [key, count] of waiting) {
    if (best === undefined || count > (waiting.get(best) ?? 0)) best = key;
  }
  if (best === undefined) return -1;
  return worthStealing(waiting.get(best) ?? 0, costOf(best), now) ? queue.indexOf(best) : -1;
}

/**
 * The page an idle thread should parse ahead of its blocks, or undefined: the first of the
 * document's next `lookahead` pages (after the page of the newest requested block) that no
 * thread holds or has queued blocks of.
 *
 * @param plan the document's pages in the order its blocks will be asked for
 * @param current index in `plan` of the newest requested block's page (-1: none yet)
 * @param held whether some thread holds (or is about to render) that page
 */
export function pageToPrepare(
  plan: readonly number[],
  current: number,
  lookahead: number,
  held: (page: number) => boolean,
): number | undefined {
  for (let i = Math.max(0, current + 1); i < plan.length && i <= current + lookahead; i++) {
    if (!held(plan[i])) return plan[i];
  }
  return undefined;
}

/** Pages in the order of their first block. */
export function pageOrder(pages: Iterable<number>): number[] {
  return [...new Set(pages)];
}
