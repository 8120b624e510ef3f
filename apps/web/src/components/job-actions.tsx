import type { JobListAnswer, OcrClient } from '@remote-ocr/client';
import { useState } from 'react';
import { t } from '../i18n.js';

type Action = 'pause' | 'resume' | 'restart' | 'retryFailed' | 'delete';

/** Which actions the api accepts in a status (docs/contract.md §2); the others are hidden. */
function actionsFor(job: Pick<JobListAnswer, 'status' | 'blocks_failed'>): Action[] {
  const out: Action[] = [];
  if (job.status === 'queued' || job.status === 'processing') out.push('pause');
  if (job.status === 'paused') out.push('resume');
  if (job.status !== 'draft') out.push('restart');
  if ((job.status === 'done' && job.blocks_failed > 0) || job.status === 'error')
    out.push('retryFailed');
  out.push('delete');
  return out;
}

/** Pause / resume / restart / retry failed / delete of one job; the destructive ones confirm first. */
// eslint-disable-next-line max-lines-per-function -- the confirm/run handler and its buttons belong together
export function JobActions(props: {
  client: OcrClient;
  job: Pick<JobListAnswer, 'id' | 'status' | 'blocks_failed' | 'document_name'>;
  onChanged: (action: Action) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const { client, job } = props;
  const run = async (action: Action) => {
    const name = job.document_name;
    if (action === 'delete' && !window.confirm(t('confirmDelete', { name }))) return;
    if (action === 'restart' && !window.confirm(t('confirmRestart', { name }))) return;
    setBusy(true);
    setError('');
    try {
      if (action === 'delete') await client.deleteJob(job.id);
      else if (action === 'restart') await client.restart(job.id);
      else await client[action](job.id);
      props.onChanged(action);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="actions">
      {actionsFor(job).map((a) => (
        <button
          key={a}
          type="button"
          disabled={busy}
          onClick={() => void run(a)}
          className={a === 'delete' ? 'danger' : ''}
        >
          {t(a)}
        </button>
      ))}
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </div>
  );
}
