import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from './app-config.js';
import { DOWNLOAD_SECRET_FILE } from './download-secret.js';

/** Issue 14 item 8: the disk store's link secret is random, kept 0600, never derived. */
describe('the download-link secret without DOWNLOAD_URL_SECRET', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'remote-ocr-secret-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const secretOf = (env: Record<string, string>) => {
    const store = parseConfig({ REMOTE_OCR_DATA_DIR: dataDir, ...env }).objectStore;
    if (store.kind !== 'disk') throw new Error('expected the disk store');
    return store.secret;
  };

  it('is generated once, stored 0600 in the data dir, and not derivable from the operator key', () => {
    const key = 'operator-key-0001';
    const first = secretOf({ REMOTE_OCR_API_KEY: key });
    const derived = createHash('sha256')
      .update(`remote-ocr-download:${path.resolve(dataDir)}:${key}`)
      .digest('hex');
    expect(first).not.toBe(derived);
    expect(first.length).toBeGreaterThanOrEqual(40);
    const file = path.join(dataDir, DOWNLOAD_SECRET_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The same on the next start and for a replica with another key.
    expect(secretOf({ REMOTE_OCR_API_KEY: 'operator-key-0002' })).toBe(first);
  });

  it('differs between data dirs (it is random, not a function of the settings)', () => {
    const first = secretOf({});
    rmSync(path.join(dataDir, DOWNLOAD_SECRET_FILE));
    expect(secretOf({})).not.toBe(first);
  });

  it('takes DOWNLOAD_URL_SECRET and previous secrets when given, and caps the TTL', () => {
    const config = parseConfig({
      REMOTE_OCR_DATA_DIR: dataDir,
      DOWNLOAD_URL_SECRET: 'an-explicit-secret-0001',
      DOWNLOAD_URL_PREVIOUS_SECRETS: 'old-secret-aaaa, old-secret-bbbb',
    });
    expect(config.objectStore).toMatchObject({
      secret: 'an-explicit-secret-0001',
      previousSecrets: ['old-secret-aaaa', 'old-secret-bbbb'],
    });
    expect(() =>
      parseConfig({ REMOTE_OCR_DATA_DIR: dataDir, DOWNLOAD_URL_TTL_S: String(30 * 24 * 3600) }),
    ).toThrow(/DOWNLOAD_URL_TTL_S/);
  });
});
