import type { BlockAnswer } from '@remote-ocr/client';
import { useState } from 'react';
import type { BlockType, WireBlock } from '../geometry.js';
import { t } from '../i18n.js';
import { BlockCrop } from './block-crop.js';
import { BlockText } from './block-text.js';

/** The colour class of a block in the job view: its status, then its confidence. */
export function blockTone(result: BlockAnswer | undefined): string {
  if (!result) return 'st-pending';
  if (result.status === 'failed') return 'st-failed';
  if (result.flagged) return 'st-flagged';
  if (result.confidence !== null && result.confidence < 0.6) return 'st-low';
  return 'st-done';
}

function CopyButton(props: { text: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(props.text);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <button type="button" onClick={() => void copy()} disabled={!props.text}>
      {copied ? t('copied') : t('copy')}
    </button>
  );
}

/**
 * One block of a finished job: text (rendered), the crop beside it, status, confidence, flags
 * and error; changing its type or redrawing it is kept as an edit for "Save and restart".
 */
// eslint-disable-next-line max-lines-per-function -- JSX markup of one panel, formatted one attribute a line
export function BlockPanel(props: {
  block: WireBlock;
  result: BlockAnswer | undefined;
  page: HTMLCanvasElement | null;
  redrawing: boolean;
  onRedraw: () => void;
  onType: (type: BlockType) => void;
}) {
  const { block, result } = props;
  const text = result?.text ?? (block.ocr_text as string | undefined) ?? '';
  return (
    <div className="block-panel" data-testid="block-panel">
      <h2>
        <span className={`chip t-${block.block_type}`}>{t(block.block_type)}</span> {block.id}
      </h2>
      <p>
        {t('status')}:{' '}
        <strong className={blockTone(result)}>
          {t(result ? (result.flagged ? 'flagged' : result.status) : 'pending')}
        </strong>
        {result?.confidence != null &&
          ` · ${t('confidence')}: ${Math.round(result.confidence * 100)} %`}
      </p>
      {result && result.flags.length > 0 && (
        <p>
          {t('flags')}: {result.flags.join(', ')}
        </p>
      )}
      {result?.error && (
        <p className="error">
          {t('error')}: {result.error}
        </p>
      )}
      <div className="side-by-side">
        {props.page && (
          <figure>
            <figcaption>{t('crop')}</figcaption>
            <BlockCrop page={props.page} norm={block.coords_norm} maxWidth={640} />
          </figure>
        )}
        <div>
          <BlockText text={text} />
          <CopyButton text={text} />
        </div>
      </div>
      <fieldset className="edit">
        <legend>{t('editBlock')}</legend>
        <select
          value={block.block_type}
          onChange={(e) => props.onType(e.target.value as BlockType)}
          aria-label={t('blockType')}
        >
          {(['text', 'table', 'image'] as const).map((ty) => (
            <option key={ty} value={ty}>
              {t(ty)}
            </option>
          ))}
        </select>
        <button type="button" onClick={props.onRedraw} aria-pressed={props.redrawing}>
          {t('redraw')}
        </button>
        {props.redrawing && <p className="hint">{t('drawHint')}</p>}
      </fieldset>
    </div>
  );
}
