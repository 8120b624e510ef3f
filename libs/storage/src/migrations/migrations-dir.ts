import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = '@remote-ocr/storage';

/** Walks up from this module to the `@remote-ocr/storage` package root (works from src and dist). */
export function storagePackageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && readPackageName(manifest) === PACKAGE_NAME) return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`Cannot find the ${PACKAGE_NAME} package root above ${from}`);
    dir = parent;
  }
}

function readPackageName(manifest: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name;
  } catch {
    return undefined;
  }
}

/**
 * Directory holding the SQL migrations. In the monorepo that is `supabase/migrations` (the single
 * schema source); a built and packaged lib carries a copy in `dist/supabase-migrations` (the build copies it).
 */
export function defaultMigrationsDir(): string {
  const root = storagePackageRoot();
  const candidates = [
    join(root, '..', '..', 'supabase', 'migrations'),
    join(root, 'dist', 'supabase-migrations'),
  ];
  const found = candidates.find((dir) => existsSync(dir));
  if (!found) throw new Error(`No migrations directory found; looked in ${candidates.join(', ')}`);
  return found;
}
