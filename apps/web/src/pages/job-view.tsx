import { OcrNotFoundError, type OcrClient } from '@remote-ocr/client';
import { useEffect, useMemo, useState } from 'react';
import { BlockLayer } from '../components/block-layer.js';
import { BlockPanel, blockTone } from '../components/block-panel.js';
import { JobActions } from '../components/job-actions.js';
import { PdfPage } from '../components/pdf-page.js';
import { formatEta, ProgressBar } from '../components/progress-bar.js';
import { rectToCoords, type WireBlock } from '../geometry.js';
import { formatDate, statusLabel, t } from '../i18n.js';
import { useJobData } from '../job-data.js';
import { Link, navigate } from '../router.js';

const PAGE_WIDTH = 680;

/** Outcome fields of annotation.json that a restart must not send back as input. */
function asInput(b: WireBlock): WireBlock {
  const { ocr_text: _t, status: _s, error: _e, engine: _en, model: _m, ...rest } = b;
  return rest;
}

function Downloads(props: { files: { name: string; blob: Blob }[] }) {
  const urls = useMemo(
    () => props.files.map((f) => ({ name: f.name, url: URL.createObjectURL(f.blob) })),
    [props.files],
  );
  useEffect(() => () => urls.forEach((u) => URL.revokeObjectURL(u.url)), [urls]);
  return (
    <nav className="downloads" aria-label={t('downloads')}>
      {urls.map((u) => (
        <a key={u.name} href={u.url} download={u.name}>
          {u.name}
        </a>
      ))}
    </nav>
  );
}

/**
 * One job: status and progress live, then the page with every block outlined and coloured by
 * status and confidence; a block opens its text, crop, flags and error. Edits (type, rectangle)
 * are sent with `POST /jobs/{id}/restart`, which re-runs the job (docs/web.md says why).
 */
// eslint-disable-next-line max-lines-per-function -- the screen's state (selection, edits) and its layout
export function JobView(props: { client: OcrClient; id: string }) {
  const [reload, setReload] = useState(0);
  const data = useJobData(props.client, props.id, reload);
  const [pageIndex, setPageIndex] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const [edits, setEdits] = useState<Map<string, WireBlock>>(new Map());
  const [redrawing, setRedrawing] = useState(false);
  const [error, setError] = useState('');
  const blocks = data.blocks.map((b) => edits.get(b.id) ?? b);
  const current = blocks.find((b) => b.id === selected);
  const edit = (b: WireBlock) => setEdits((m) => new Map(m).set(b.id, b));
  const saveAndRestart = async () => {
    try {
      await props.client.restart(props.id, blocks.map(asInput));
      setEdits(new Map());
      setReload((r) => r + 1);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  if (data.error instanceof OcrNotFoundError)
    return (
      <p>
        {t('notFound')} <Link to="/">{t('back')}</Link>
      </p>
    );
  const { job, live } = data;
  if (!job) return <p>{t('loading')}</p>;
  const status = live?.status ?? job.status;
  return (
    <section className="job-view">
      <Link to="/">← {t('back')}</Link>
      <h1>{job.document_name}</h1>
      <p className="meta">
        <span className={`status s-${status}`} data-testid="job-status">
          {statusLabel(status)}
        </span>{' '}
        · {t('engine')}: {job.engine} · {t('created')}: {formatDate(job.created_at)}
        {job.eta_seconds != null && ` · ${t('eta')}: ${formatEta(job.eta_seconds)}`}
      </p>
      <ProgressBar
        progress={live?.progress ?? job.progress}
        done={live?.blocks_done ?? job.blocks_done}
        failed={live?.blocks_failed ?? job.blocks_failed}
        total={live?.blocks_total ?? job.blocks_total}
      />
      {job.error_message && <p className="error">{job.error_message}</p>}
      {(data.error !== null || error) && (
        <p role="alert" className="error">
          {error || (data.error as Error).message}
        </p>
      )}
      <JobActions
        client={props.client}
        job={{ ...job, status, blocks_failed: job.blocks_failed ?? 0 }}
        onChanged={(a) => (a === 'delete' ? navigate('/') : setReload((r) => r + 1))}
      />
      {data.result && <Downloads files={data.result.downloads} />}
      {!data.pdf && status !== 'error' && <p className="hint">{t('resultsWhenDone')}</p>}
      {data.pdf && (
        <div>
          <PdfPage
            pdf={data.pdf}
            width={PAGE_WIDTH}
            index={pageIndex}
            onIndex={setPageIndex}
            side={(page) => (
              <aside>
                {current ? (
                  <BlockPanel
                    block={current}
                    result={data.results.get(current.id)}
                    page={current.page_index === page.index ? page.canvas : null}
                    redrawing={redrawing}
                    onRedraw={() => setRedrawing((r) => !r)}
                    onType={(ty) => edit({ ...current, block_type: ty })}
                  />
                ) : (
                  <p className="hint">{t('chooseBlock')}</p>
                )}
                {edits.size > 0 && (
                  <p>
                    <button type="button" className="primary" onClick={() => void saveAndRestart()}>
                      {t('saveAndRestart')}
                    </button>
                    <br />
                    <small className="hint">{t('rerunNote')}</small>
                  </p>
                )}
              </aside>
            )}
          >
            {(page) => (
              <BlockLayer
                shown={page.shown}
                selected={selected}
                onSelect={setSelected}
                blocks={blocks
                  .filter((b) => b.page_index === page.index)
                  .map((b) => ({
                    block: b,
                    tone: `${blockTone(data.results.get(b.id))} t-${b.block_type}`,
                    label: `${t(b.block_type)} ${b.id}`,
                  }))}
                onDraw={
                  redrawing && current
                    ? (rect) => {
                        edit({ ...current, ...rectToCoords(rect, page.shown, page.size) });
                        setRedrawing(false);
                      }
                    : undefined
                }
              />
            )}
          </PdfPage>
        </div>
      )}
    </section>
  );
}
