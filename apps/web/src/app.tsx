import { useMemo, useState } from 'react';
import { t } from './i18n.js';
import { JobView } from './pages/job-view.js';
import { JobsList } from './pages/jobs-list.js';
import { NewJob } from './pages/new-job.js';
import { SignIn } from './pages/sign-in.js';
import { Link, usePath } from './router.js';
import { clientFor, storedKey, storeKey } from './session.js';

/** The shell: sign-in until a key is accepted, then the jobs list, new job and job view. */
export function App() {
  const [key, setKey] = useState<string | null>(storedKey);
  const client = useMemo(() => clientFor(key), [key]);
  const path = usePath();
  const signOut = () => {
    storeKey(null);
    setKey(null);
  };
  if (key === null)
    return (
      <SignIn
        onSignedIn={(k) => {
          storeKey(k);
          setKey(k);
        }}
      />
    );
  const jobMatch = /^\/jobs\/([^/]+)$/.exec(path);
  let screen;
  if (path === '/new') screen = <NewJob client={client} />;
  else if (jobMatch) screen = <JobView client={client} id={decodeURIComponent(jobMatch[1])} />;
  else screen = <JobsList client={client} onUnauthorized={signOut} />;
  return (
    <>
      <header className="top">
        <strong>{t('appName')}</strong>
        <nav>
          <Link to="/">{t('jobs')}</Link>
          <Link to="/new">{t('newJob')}</Link>
        </nav>
        <button type="button" onClick={signOut}>
          {t('signOut')}
        </button>
      </header>
      <main>{screen}</main>
    </>
  );
}
