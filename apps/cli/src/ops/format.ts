import type { JobAction } from './queue-actions.js';
import type { QueueEntryView, QueueStatus } from './queue-status.js';

const pct = (p: number): string => `${Math.round(p * 100)}%`;

function entryLine(e: QueueEntryView): string {
  const db = e.db
    ? `${e.db.status} ${pct(e.db.progress)} "${e.db.documentName}" engine=${e.db.engine}`
    : 'not in the database';
  const tries = e.attemptsMade > 0 ? ` attempts=${e.attemptsMade}` : '';
  const reason = e.failedReason ? `\n      reason: ${e.failedReason}` : '';
  const dbError = e.db?.errorMessage ? `\n      job error: ${e.db.errorMessage}` : '';
  return `  ${e.id}  ${db}${tries}${reason}${dbError}`;
}

/** Human-readable `queue status`. */
export function formatStatus(s: QueueStatus): string {
  const c = s.counts;
  const waiting = (c.waiting ?? 0) + (c.prioritized ?? 0);
  const lines = [
    `queue ${s.queue.name} (prefix ${s.queue.prefix}): active ${c.active ?? 0}, waiting ${waiting}, delayed ${c.delayed ?? 0}, failed ${c.failed ?? 0}, completed ${c.completed ?? 0}`,
    `database: ${Object.entries(s.database)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  ];
  for (const [title, list] of [
    ['active', s.active],
    ['waiting', s.waiting],
    ['delayed', s.delayed],
    ['failed', s.failed],
  ] as const) {
    if (list.length === 0) continue;
    lines.push(`${title}:`, ...list.map(entryLine));
  }
  return lines.join('\n');
}

/** One line per job, then a total. */
export function formatActions(verb: string, actions: readonly JobAction[]): string {
  if (actions.length === 0) return `${verb}: nothing to do`;
  const lines = actions.map((a) => `  ${a.id}  ${a.action}${a.reason ? ` (${a.reason})` : ''}`);
  const changed = actions.filter((a) => a.action !== 'skipped').length;
  return [`${verb}: ${changed} of ${actions.length} job(s)`, ...lines].join('\n');
}
