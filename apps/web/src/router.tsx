import { useEffect, useState, type MouseEvent, type ReactNode } from 'react';

/**
 * A tiny history router for three screens under /app (docs/web.md). Written here rather than
 * taking react-router: four routes need a path and a link, and it keeps ~20 KB out of the bundle.
 */
export const BASE = '/app';

const listeners = new Set<() => void>();

/** Goes to an app path (`/jobs/…`), keeping the back button. */
export function navigate(to: string): void {
  window.history.pushState(null, '', BASE + to);
  listeners.forEach((l) => l());
}

/** The current app path, without the /app base. */
export function usePath(): string {
  const read = () => window.location.pathname.replace(/^\/app/, '') || '/';
  const [path, setPath] = useState(read);
  useEffect(() => {
    const update = () => setPath(read());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return path;
}

export function Link(props: { to: string; children: ReactNode; className?: string }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(props.to);
  };
  return (
    <a href={BASE + props.to} onClick={onClick} className={props.className}>
      {props.children}
    </a>
  );
}
