import { OcrUnauthorizedError } from '@remote-ocr/client';
import { useState, type FormEvent } from 'react';
import { t } from '../i18n.js';
import { clientFor } from '../session.js';

/** The API key, checked against the server with one `GET /jobs?limit=1` before it is kept. */
// eslint-disable-next-line max-lines-per-function -- JSX markup of the form, formatted one attribute a line
export function SignIn(props: { onSignedIn: (key: string) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await clientFor(key.trim()).listJobs({ limit: 1 });
      props.onSignedIn(key.trim());
    } catch (err) {
      setError(err instanceof OcrUnauthorizedError ? t('badKey') : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="sign-in">
      <h1>{t('appName')}</h1>
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="api-key">{t('apiKey')}</label>
        <input
          id="api-key"
          type="password"
          autoComplete="current-password"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          autoFocus
        />
        <p className="hint">
          {t('apiKeyHint')} {t('openServerHint')}
        </p>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t('signIn')}
        </button>
      </form>
    </main>
  );
}
