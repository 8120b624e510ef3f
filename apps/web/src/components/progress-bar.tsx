import { t } from '../i18n.js';

/** Blocks done/failed/total as a bar (done green, failed red) with the numbers as text. */
export function ProgressBar(props: {
  progress: number;
  done?: number;
  failed?: number;
  total?: number;
}) {
  const pct = Math.round(props.progress * 100);
  const total = props.total ?? 0;
  const failedPct = total > 0 ? ((props.failed ?? 0) / total) * 100 : 0;
  return (
    <div className="progress">
      <div
        className="bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-label={`${pct} %`}
      >
        <span className="ok" style={{ width: `${Math.max(0, pct - failedPct)}%` }} />
        <span className="bad" style={{ width: `${Math.min(pct, failedPct)}%` }} />
      </div>
      <small>
        {pct} %
        {total > 0 &&
          ` · ${t('blocksDone', { done: props.done ?? 0, failed: props.failed ?? 0, total })}`}
      </small>
    </div>
  );
}

/** Seconds left as `1 h 02 min`, `3 min 05 s` or `40 s`. */
export function formatEta(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(s).padStart(2, '0')} s`;
  return `${s} s`;
}
