import type { OcrClient } from '@remote-ocr/client';
import { useEffect, useState, type DragEvent } from 'react';
import { BlockLayer } from '../components/block-layer.js';
import { DEFAULT_OPTIONS, JobOptionsForm, type JobOptions } from '../components/job-options.js';
import { loadPdf, PdfPage } from '../components/pdf-page.js';
import {
  blockFromRect,
  parseBlocksFile,
  wholePageBlock,
  type BlockType,
  type WireBlock,
} from '../geometry.js';
import { t } from '../i18n.js';
import type { LoadedPdf } from '../pdf-render.js';
import { navigate } from '../router.js';
import { newId } from '../session.js';

const PAGE_WIDTH = 720;
const TYPES: BlockType[] = ['text', 'table', 'image'];

/** The whole-pages blocks of a PDF: one text block per page, covering it. */
async function wholePages(pdf: LoadedPdf): Promise<WireBlock[]> {
  const out: WireBlock[] = [];
  for (let i = 0; i < pdf.pageCount; i++)
    out.push(wholePageBlock(newId(), i, await pdf.pageSize(i)));
  return out;
}

function BlockList(props: { blocks: WireBlock[]; onRemove: (id: string) => void }) {
  if (props.blocks.length === 0) return <p className="hint">{t('noBlocks')}</p>;
  return (
    <ol className="block-list">
      {props.blocks.map((b) => (
        <li key={b.id} data-block-id={b.id}>
          <span className={`chip t-${b.block_type}`}>{t(b.block_type)}</span> p. {b.page_index + 1}{' '}
          · [{b.coords_px.join(', ')}]
          <button type="button" onClick={() => props.onRemove(b.id)}>
            {t('remove')}
          </button>
        </li>
      ))}
    </ol>
  );
}

/** Drop a PDF, draw or import blocks, choose the engine, upload with progress (docs/web.md). */
// eslint-disable-next-line max-lines-per-function -- one form's state and its handlers; the parts are components
export function NewJob(props: { client: OcrClient }) {
  const [file, setFile] = useState<File | null>(null);
  const [pdf, setPdf] = useState<LoadedPdf | null>(null);
  const [pageIndex, setPageIndex] = useState(0);
  const [blocks, setBlocks] = useState<WireBlock[]>([]);
  const [type, setType] = useState<BlockType>('text');
  const [whole, setWhole] = useState(false);
  const [options, setOptions] = useState<JobOptions>(DEFAULT_OPTIONS);
  const [upload, setUpload] = useState<number | null>(null);
  const [error, setError] = useState('');

  useEffect(() => () => void pdf?.destroy(), [pdf]);

  const choosePdf = async (f: File | undefined) => {
    if (!f) return;
    setError('');
    try {
      const loaded = await loadPdf(await f.arrayBuffer());
      setFile(f);
      setPdf(loaded);
      setPageIndex(0);
      setBlocks([]);
    } catch (err) {
      setError(`${f.name}: ${(err as Error).message}`);
    }
  };
  const importBlocks = async (f: File | undefined) => {
    if (!f) return;
    try {
      setBlocks(parseBlocksFile(await f.text()));
      setError('');
    } catch (err) {
      setError(`${f.name}: ${(err as Error).message}`);
    }
  };
  const submit = async () => {
    if (!file || !pdf) return;
    setError('');
    setUpload(0);
    try {
      const sent = whole ? await wholePages(pdf) : blocks;
      const { engine, textModel, tableModel, imageModel, clientId, taskName } = options;
      await props.client.createJob(
        {
          clientId,
          taskName,
          documentName: file.name,
          pdf: file,
          blocks: sent,
          engine: engine || undefined,
          textModel,
          tableModel,
          imageModel,
        },
        { onUploadProgress: (p) => setUpload(p.total ? p.loaded / p.total : 0) },
      );
      navigate('/');
    } catch (err) {
      setError((err as Error).message);
      setUpload(null);
    }
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    void choosePdf(e.dataTransfer.files[0]);
  };
  const ready =
    !!pdf && (whole || blocks.length > 0) && options.clientId.trim() !== '' && upload === null;
  return (
    <section className="new-job">
      <h1>{t('newJob')}</h1>
      <div className="drop" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
        <label>
          {t('dropPdf')}
          <input
            type="file"
            accept="application/pdf,.pdf"
            name="pdf"
            onChange={(e) => void choosePdf(e.target.files?.[0])}
          />
        </label>
        {file && <strong>{file.name}</strong>}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="columns">
        <div>
          {pdf && (
            <PdfPage pdf={pdf} width={PAGE_WIDTH} index={pageIndex} onIndex={setPageIndex}>
              {(page) => (
                <BlockLayer
                  shown={page.shown}
                  blocks={blocks
                    .filter((b) => b.page_index === page.index)
                    .map((b) => ({
                      block: b,
                      tone: `t-${b.block_type}`,
                      label: `${t(b.block_type)} ${b.id}`,
                    }))}
                  onDraw={
                    whole
                      ? undefined
                      : (rect) =>
                          setBlocks((bs) => [
                            ...bs,
                            blockFromRect(newId(), page.index, type, rect, page.shown, page.size),
                          ])
                  }
                />
              )}
            </PdfPage>
          )}
        </div>
        <aside>
          <fieldset disabled={!pdf}>
            <legend>{t('blockType')}</legend>
            {TYPES.map((ty) => (
              <label key={ty} className="inline">
                <input
                  type="radio"
                  name="block-type"
                  value={ty}
                  checked={type === ty}
                  onChange={() => setType(ty)}
                />
                {t(ty)}
              </label>
            ))}
            <p className="hint">{t('drawHint')}</p>
            <label className="inline">
              <input type="checkbox" checked={whole} onChange={(e) => setWhole(e.target.checked)} />
              {t('wholePages')}
            </label>
            <label>
              {t('importBlocks')}
              <input
                type="file"
                accept=".json,application/json"
                name="blocks"
                onChange={(e) => void importBlocks(e.target.files?.[0])}
              />
            </label>
          </fieldset>
          <h2>{t('blocks')}</h2>
          {!whole && (
            <BlockList
              blocks={blocks}
              onRemove={(id) => setBlocks((bs) => bs.filter((b) => b.id !== id))}
            />
          )}
          <JobOptionsForm value={options} onChange={setOptions} />
          {upload !== null && (
            <progress
              max={1}
              value={upload}
              aria-label={t('uploading', { pct: Math.round(upload * 100) })}
            />
          )}
          <button type="button" className="primary" disabled={!ready} onClick={() => void submit()}>
            {t('submit')}
          </button>
        </aside>
      </div>
    </section>
  );
}
