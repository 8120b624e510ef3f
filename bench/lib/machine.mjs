// Small helpers shared by the benchmarks: machine facts, percentiles, process memory sampling.
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** Cores, Node, date and load average: printed at the top of every benchmark. */
export function machineFacts() {
  const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
  return (
    `machine: ${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GB, ` +
    `Node ${process.version}, ${new Date().toISOString()}, load ${loadAverage()}`
  );
}

/** The 1/5/15-minute load average, for printing next to timings on a shared machine. */
export const loadAverage = () =>
  os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');

/** The p-th percentile (0..100) of numbers, nearest-rank. */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
export const ms = (v) => `${v.toFixed(1)} ms`;
export const sleep = (t) => new Promise((r) => setTimeout(r, t));

/**
 * Resident set size of a process in bytes, from /proc (VmRSS covers all of its threads, so
 * worker_threads render pools are included). Null once the process is gone.
 */
export function rssOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    return kb ? Number(kb[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Samples a process's RSS every `intervalMs`; `peak` and `last` in bytes. */
export class RssSampler {
  constructor(pid, intervalMs = 50) {
    this.pid = pid;
    this.peak = 0;
    this.last = 0;
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  sample() {
    const rss = rssOf(this.pid);
    if (rss === null) return this.last;
    this.last = rss;
    this.peak = Math.max(this.peak, rss);
    return rss;
  }

  /** Starts a new peak window (e.g. after a warm-up); returns the current RSS. */
  resetPeak() {
    this.peak = this.sample();
    return this.peak;
  }

  stop() {
    clearInterval(this.timer);
  }
}

/** Reads `--name value` from argv as a number (or the fallback). */
export function numberArg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Reads `--name value` from argv as a string (or the fallback). */
export function stringArg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

export const flag = (name) => process.argv.includes(`--${name}`);

/**
 * CPU time (user + system, all threads) a process has used, in ms, from /proc/<pid>/stat. On a
 * shared, loaded machine wall times stretch; CPU per unit of work does not.
 */
export function cpuMsOf(pid) {
  const split = cpuSplitOf(pid);
  return split && split.user + split.system;
}

/** User and system CPU time a process has used, in ms, from /proc/<pid>/stat; null if gone. */
export function cpuSplitOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11], [12] = utime, stime (fields 14 and 15 of proc(5)), in clock ticks of 10 ms
    return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
  } catch {
    return null;
  }
}
