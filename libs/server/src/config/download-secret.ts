import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Where the generated signing secret of the disk store's download links lives. */
export const DOWNLOAD_SECRET_FILE = 'download-url.secret';

function readSecret(file: string): string | null {
  try {
    const text = readFileSync(file, 'utf8').trim();
    return text.length >= 32 ? text : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * The download-link secret when DOWNLOAD_URL_SECRET is not set: 32 random bytes generated on the
 * first start and kept in `<data dir>/download-url.secret` (mode 0600), so every api and worker
 * sharing the data dir signs alike and restarts keep links valid. Never derived from anything an
 * outsider or a key holder knows (docs/security.md, "Download links"). Synchronous because it
 * runs once while the configuration is parsed at boot.
 */
export function loadOrCreateDownloadSecret(dataDir: string): string {
  const file = path.join(dataDir, DOWNLOAD_SECRET_FILE);
  const existing = readSecret(file);
  if (existing) return existing;
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  try {
    // 'wx': two processes starting at once — the second one reads the first one's secret.
    writeFileSync(file, `${secret}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const raced = readSecret(file);
    if (raced) return raced;
    throw new Error(
      `${file} exists but holds no usable secret; remove it or set DOWNLOAD_URL_SECRET`,
      { cause: error },
    );
  }
  chmodSync(file, 0o600);
  return secret;
}
