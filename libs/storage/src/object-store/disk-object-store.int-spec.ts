import { jest } from '@jest/globals';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describeObjectStoreContract } from '../testing/object-store.contract.js';
import { DiskObjectStore } from './disk-object-store.js';
import { verifyDownloadSignature } from './download-signature.js';
import { InvalidObjectKeyError } from './object-key.js';

jest.setTimeout(60_000);

const SECRET = 'test-signing-secret';

/** What the api does for `/files/<key>`: verify the signature, then stream the object. */
function serveFiles(store: () => DiskObjectStore): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const key = url.pathname
      .replace(/^\/files\//, '')
      .split('/')
      .map(decodeURIComponent)
      .join('/');
    const expires = url.searchParams.get('expires') ?? '';
    if (!verifyDownloadSignature(key, expires, url.searchParams.get('sig') ?? '', SECRET)) {
      res.writeHead(403).end();
      return;
    }
    store()
      .getStream(key)
      .then(
        (stream) => pipeline(stream, res),
        () => res.writeHead(404).end(),
      )
      .catch(() => res.destroy());
  });
}

interface DiskHarness {
  store: DiskObjectStore;
  sandbox: string;
  root: string;
  dispose(): Promise<void>;
}

async function diskHarness(): Promise<DiskHarness> {
  const sandbox = await mkdtemp(join(tmpdir(), 'disk-store-'));
  const root = join(sandbox, 'root');
  const holder: { store?: DiskObjectStore } = {};
  const server = serveFiles(() => holder.store!);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const store = (holder.store = new DiskObjectStore({
    root,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    secret: SECRET,
  }));
  return {
    store,
    sandbox,
    root,
    dispose: async () => {
      await new Promise((resolve) => server.close(resolve));
      await rm(sandbox, { recursive: true, force: true });
    },
  };
}

describeObjectStoreContract('disk', diskHarness);

describe('DiskObjectStore', () => {
  let h: DiskHarness;
  beforeAll(async () => {
    h = await diskHarness();
  });
  afterAll(() => h.dispose());

  it('writes nothing outside its root whatever the key', async () => {
    const attempts = [
      '../outside.txt',
      '../../tmp/outside.txt',
      'a/../../outside.txt',
      '/tmp/outside.txt',
      `${h.sandbox}/outside.txt`,
      '..\\outside.txt',
      'a\0/../../outside.txt',
      '\uff0e\uff0e/outside.txt',
      '\uff0e\uff0e\uff0foutside.txt',
      '..\u2215outside.txt',
      '\u2024\u2024/outside.txt',
      '.\u200b./outside.txt',
      'a/\ufe68../outside.txt',
      '%2e%2e/outside.txt'.replace(/%2e/g, '.'),
    ];
    for (const key of attempts) {
      await expect(h.store.put(key, 'x')).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(h.store.delete(key)).rejects.toBeInstanceOf(InvalidObjectKeyError);
    }
    await expect(h.store.deletePrefix('../')).rejects.toBeInstanceOf(InvalidObjectKeyError);
    await expect(h.store.list('/etc/')).rejects.toBeInstanceOf(InvalidObjectKeyError);
    await h.store.ping();
    expect(await readdir(h.sandbox)).toEqual(['root']);
    expect(await readdir(h.root)).toEqual([]);
  });

  it('maps keys to paths under the root, percent signs and all', async () => {
    expect(h.store.pathFor('ocr_jobs/j/crops/image_1.pdf')).toBe(
      join(h.root, 'ocr_jobs', 'j', 'crops', 'image_1.pdf'),
    );
    await h.store.put('odd/%2e%2e/..x/x..', 'ok');
    expect(await readFile(join(h.root, 'odd', '%2e%2e', '..x', 'x..'), 'utf8')).toBe('ok');
  });

  it('keeps the old object and leaves no temp file when a replacing stream fails', async () => {
    await h.store.put('atomic/a.txt', 'original');
    const failing = new Readable({
      read() {
        this.push(Buffer.from('partial data'));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(h.store.put('atomic/a.txt', failing)).rejects.toThrow('client went away');
    expect(await readFile(join(h.root, 'atomic', 'a.txt'), 'utf8')).toBe('original');
    expect(await readdir(join(h.root, 'atomic'))).toEqual(['a.txt']);
  });

  it('does not list temp files of writes in progress', async () => {
    await mkdir(join(h.root, 'tmp-list'), { recursive: true });
    await writeFile(join(h.root, 'tmp-list', '.x.txt.0a1b2c3d4e5f.partial'), 'half');
    await h.store.put('tmp-list/x.txt', 'whole');
    expect(await h.store.list('tmp-list/')).toMatchObject([{ key: 'tmp-list/x.txt', size: 5 }]);
  });

  it('counts temp files of writes in progress in the newest write', async () => {
    const old = new Date(Date.now() - 3600_000);
    await h.store.put('tmp-newest/job/a.txt', 'done');
    await utimes(join(h.root, 'tmp-newest', 'job', 'a.txt'), old, old);
    expect((await h.store.newestWrite('tmp-newest/job/'))?.getTime()).toBe(old.getTime());
    const temp = join(h.root, 'tmp-newest', 'job', '.b.txt.0a1b2c3d4e5f.partial');
    await writeFile(temp, 'half');
    const written = (await stat(temp)).mtime.getTime();
    expect((await h.store.newestWrite('tmp-newest/job/'))?.getTime()).toBe(written);
  });

  it('removes directories emptied by deletes', async () => {
    await h.store.put('prune/job/crops/a.pdf', 'a');
    await h.store.deletePrefix('prune/job/');
    expect(await readdir(h.root)).not.toContain('prune');
  });

  it('signs download links that the api can verify, and refuses expired or altered ones', async () => {
    await h.store.put('links/ocr_jobs/j/result.md', '# Результат');
    const url = new URL(await h.store.downloadUrl('links/ocr_jobs/j/result.md', 3600, 'result.md'));
    expect(url.pathname).toBe('/files/links/ocr_jobs/j/result.md');
    const expires = url.searchParams.get('expires')!;
    const sig = url.searchParams.get('sig')!;
    expect(Number(expires) - Date.now() / 1000).toBeGreaterThan(3590);
    expect(url.searchParams.get('filename')).toBe('result.md');
    expect(verifyDownloadSignature('links/ocr_jobs/j/result.md', expires, sig, SECRET)).toBe(true);
    expect(verifyDownloadSignature('links/ocr_jobs/j/other.md', expires, sig, SECRET)).toBe(false);
    expect(
      verifyDownloadSignature(
        'links/ocr_jobs/j/result.md',
        String(Number(expires) + 1),
        sig,
        SECRET,
      ),
    ).toBe(false);
    expect(
      verifyDownloadSignature('links/ocr_jobs/j/result.md', expires, sig, 'other-secret'),
    ).toBe(false);
    expect(verifyDownloadSignature('links/ocr_jobs/j/result.md', `${expires}.0`, sig, SECRET)).toBe(
      false,
    );
    expect(
      verifyDownloadSignature('links/ocr_jobs/j/result.md', expires, sig.slice(1), SECRET),
    ).toBe(false);
    expect(
      verifyDownloadSignature(
        'links/ocr_jobs/j/result.md',
        expires,
        sig,
        SECRET,
        (Number(expires) + 1) * 1000,
      ),
    ).toBe(false);
    const response = await fetch(url);
    expect(await response.text()).toBe('# Результат');
    url.searchParams.set(
      'sig',
      sig.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
    );
    expect((await fetch(url)).status).toBe(403);
    const expired = await h.store.downloadUrl('links/ocr_jobs/j/result.md', -5);
    expect((await fetch(expired)).status).toBe(403);
  });

  it('refuses to start without a signing secret', () => {
    expect(() => new DiskObjectStore({ root: h.root, baseUrl: 'http://x', secret: '' })).toThrow(
      /secret/,
    );
  });
});
