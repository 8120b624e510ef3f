/** Anything with arrival and finish times, e.g. a `RecordedRequest`. */
export interface TimedRecord {
  arrivedAt: number;
  finishedAt?: number;
}

/** Most requests open at the same instant (unfinished ones count as still open). */
export function maxInFlight(records: readonly TimedRecord[]): number {
  const events = records.flatMap((r) => [
    { t: r.arrivedAt, d: 1 },
    { t: r.finishedAt ?? Number.POSITIVE_INFINITY, d: -1 },
  ]);
  // at equal times a finish is counted before an arrival: the slot was handed over, not shared
  events.sort((a, b) => a.t - b.t || a.d - b.d);
  let open = 0;
  let max = 0;
  for (const e of events) {
    open += e.d;
    max = Math.max(max, open);
  }
  return max;
}

/** The half-open window `[start, start + windowMs)` holding the most arrivals. */
export function busiestWindow(
  records: readonly TimedRecord[],
  windowMs: number,
): { count: number; start: number } {
  const t = records.map((r) => r.arrivedAt).sort((a, b) => a - b);
  let best = { count: 0, start: t[0] ?? 0 };
  let j = 0;
  for (let i = 0; i < t.length; i++) {
    const start = t[i];
    j = Math.max(j, i);
    while (j < t.length && t[j] < start + windowMs) j++;
    if (j - i > best.count) best = { count: j - i, start };
  }
  return best;
}
