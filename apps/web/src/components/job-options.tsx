import type { EngineName } from '@remote-ocr/client';
import { t } from '../i18n.js';

export interface JobOptions {
  clientId: string;
  taskName: string;
  engine: '' | EngineName;
  textModel: string;
  tableModel: string;
  imageModel: string;
}

export const DEFAULT_OPTIONS: JobOptions = {
  clientId: 'web',
  taskName: '',
  engine: '',
  textModel: '',
  tableModel: '',
  imageModel: '',
};

const ENGINES: ('' | EngineName)[] = ['', 'local', 'openrouter', 'datalab'];

/** Client id, task name, engine (empty: the server's default) and the per-job models. */
export function JobOptionsForm(props: { value: JobOptions; onChange: (v: JobOptions) => void }) {
  const set = (k: keyof JobOptions) => (e: { target: { value: string } }) =>
    props.onChange({ ...props.value, [k]: e.target.value });
  const text = (k: 'clientId' | 'taskName' | 'textModel' | 'tableModel' | 'imageModel') => (
    <label key={k}>
      {t(k)}
      <input value={props.value[k]} onChange={set(k)} name={k} />
    </label>
  );
  return (
    <fieldset className="options">
      {text('clientId')}
      {text('taskName')}
      <label>
        {t('engine')}
        <select value={props.value.engine} onChange={set('engine')} name="engine">
          {ENGINES.map((e) => (
            <option key={e} value={e}>
              {e || '—'}
            </option>
          ))}
        </select>
      </label>
      <details>
        <summary>{t('models')}</summary>
        {text('textModel')}
        {text('tableModel')}
        {text('imageModel')}
      </details>
    </fieldset>
  );
}
