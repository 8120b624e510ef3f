import { OcrUnauthorizedError, type JobListAnswer, type OcrClient } from '@remote-ocr/client';
import { useEffect, useState } from 'react';
import { JobActions } from '../components/job-actions.js';
import { formatEta, ProgressBar } from '../components/progress-bar.js';
import { formatDate, statusLabel, t } from '../i18n.js';
import { useLiveJobs, type ListFilters } from '../live-jobs.js';
import { Link } from '../router.js';

const STATUSES = ['', 'draft', 'queued', 'processing', 'paused', 'done', 'error'];

/** The engine of each listed job: `GET /jobs` lacks it, so `GET /jobs/{id}` once per job. */
function useEngines(client: OcrClient, rows: JobListAnswer[] | null): Record<string, string> {
  const [engines, setEngines] = useState<Record<string, string>>({});
  useEffect(() => {
    const missing = (rows ?? []).filter((r) => !(r.id in engines)).slice(0, 50);
    if (missing.length === 0) return;
    let live = true;
    void Promise.allSettled(missing.map((r) => client.getJob(r.id))).then((all) => {
      if (!live) return;
      const next = { ...engines };
      all.forEach(
        (a, i) => (next[missing[i].id] = a.status === 'fulfilled' ? a.value.engine : '?'),
      );
      setEngines(next);
    });
    return () => {
      live = false;
    };
  }, [client, rows, engines]);
  return engines;
}

function Filters(props: { value: ListFilters; onChange: (f: ListFilters) => void }) {
  const set = (k: keyof ListFilters) => (e: { target: { value: string } }) =>
    props.onChange({ ...props.value, [k]: e.target.value });
  return (
    <div className="filters">
      <label>
        {t('status')}
        <select value={props.value.status} onChange={set('status')}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s ? statusLabel(s) : t('all')}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('document')} (SHA-256)
        <input value={props.value.document} onChange={set('document')} />
      </label>
      <label>
        {t('client')}
        <input value={props.value.client} onChange={set('client')} />
      </label>
    </div>
  );
}

function JobRow(props: {
  job: JobListAnswer;
  engine?: string;
  client: OcrClient;
  onChanged: () => void;
}) {
  const { job } = props;
  return (
    <tr data-job-id={job.id}>
      <td>
        <Link to={`/jobs/${job.id}`}>{job.document_name}</Link>
        {job.task_name && <div className="hint">{job.task_name}</div>}
        {job.error_message && <div className="error">{job.error_message}</div>}
      </td>
      <td>
        <span className={`status s-${job.status}`}>{statusLabel(job.status)}</span>
      </td>
      <td>
        <ProgressBar
          progress={job.progress}
          done={job.blocks_done}
          failed={job.blocks_failed}
          total={job.blocks_total}
        />
      </td>
      <td>{formatEta(job.eta_seconds)}</td>
      <td>{props.engine ?? '…'}</td>
      <td>{formatDate(job.created_at)}</td>
      <td>
        <JobActions client={props.client} job={job} onChanged={props.onChanged} />
      </td>
    </tr>
  );
}

/** Every job the key may see, newest first, live (docs/web.md). */
// eslint-disable-next-line max-lines-per-function -- JSX markup of the table, formatted one attribute a line
export function JobsList(props: { client: OcrClient; onUnauthorized: () => void }) {
  const [filters, setFilters] = useState<ListFilters>({ status: '', document: '', client: '' });
  const { rows, error, mode, refresh } = useLiveJobs(props.client, filters);
  const engines = useEngines(props.client, rows);
  const { onUnauthorized } = props;
  useEffect(() => {
    if (error instanceof OcrUnauthorizedError) onUnauthorized();
  }, [error, onUnauthorized]);
  return (
    <section>
      <h1>
        {t('jobs')} <small className={`mode ${mode}`}>{t(mode)}</small>
      </h1>
      <Filters value={filters} onChange={setFilters} />
      {error !== null && (
        <p role="alert" className="error">
          {(error as Error).message}
        </p>
      )}
      {rows === null && <p>{t('loading')}</p>}
      {rows?.length === 0 && <p>{t('noJobs')}</p>}
      {rows && rows.length > 0 && (
        <table className="jobs">
          <thead>
            <tr>
              {(
                ['document', 'status', 'progress', 'eta', 'engine', 'created', 'actions'] as const
              ).map((h) => (
                <th key={h} scope="col">
                  {t(h)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((job) => (
              <JobRow
                key={job.id}
                job={job}
                engine={engines[job.id]}
                client={props.client}
                onChanged={() => void refresh()}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
