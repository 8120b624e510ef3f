import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import type { ObjectStore } from '../ports/object-store.js';
import { InvalidObjectKeyError, ObjectNotFoundError } from '../object-store/object-key.js';

export interface ObjectStoreHarness {
  store: ObjectStore;
  dispose(): Promise<void>;
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Behaviour every ObjectStore must have; each suite gets an empty store from `setup`. */
export function describeObjectStoreContract(
  name: string,
  setup: () => Promise<ObjectStoreHarness>,
): void {
  describe(`ObjectStore contract: ${name}`, () => {
    let harness: ObjectStoreHarness;
    let store: ObjectStore;
    let work: string;
    beforeAll(async () => {
      harness = await setup();
      store = harness.store;
      work = await mkdtemp(join(tmpdir(), 'object-store-contract-'));
    });
    afterAll(async () => {
      await rm(work, { recursive: true, force: true });
      await harness?.dispose();
    });

    it('stores strings, bytes and streams and reads them back with their sizes', async () => {
      expect(await store.put('t/a.txt', 'привет')).toEqual({ key: 't/a.txt', size: 12 });
      const bytes = randomBytes(1000);
      expect(
        await store.put('t/b.bin', bytes, { contentType: 'application/octet-stream' }),
      ).toEqual({ key: 't/b.bin', size: 1000 });
      expect(
        await store.put('t/c.json', Readable.from([Buffer.from('{"a":'), Buffer.from('1}')])),
      ).toEqual({ key: 't/c.json', size: 7 });
      expect(await text(await store.getStream('t/a.txt'))).toBe('привет');
      expect(await text(await store.getStream('t/c.json'))).toBe('{"a":1}');
      const chunks: Buffer[] = [];
      for await (const chunk of await store.getStream('t/b.bin')) chunks.push(chunk as Buffer);
      expect(sha256(Buffer.concat(chunks))).toBe(sha256(bytes));
    });

    it('uploads a file and downloads it to a file', async () => {
      const source = join(work, 'source.bin');
      const data = randomBytes(300_000);
      await writeFile(source, data);
      expect(await store.putFile('f/ocr_jobs/x/document.pdf', source)).toEqual({
        key: 'f/ocr_jobs/x/document.pdf',
        size: 300_000,
      });
      const target = join(work, 'target.bin');
      await store.download('f/ocr_jobs/x/document.pdf', target);
      expect(sha256(await readFile(target))).toBe(sha256(data));
    });

    it('replaces an object on a second put', async () => {
      await store.put('r/x.txt', 'first version');
      await store.put('r/x.txt', 'second');
      expect(await text(await store.getStream('r/x.txt'))).toBe('second');
      expect(await store.list('r/')).toMatchObject([{ key: 'r/x.txt', size: 6 }]);
    });

    it('reports missing objects', async () => {
      expect(await store.exists('t/a.txt')).toBe(true);
      expect(await store.exists('missing/x')).toBe(false);
      expect(await store.exists('t')).toBe(false);
      await expect(store.getStream('missing/x')).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(store.download('missing/x', join(work, 'nope'))).rejects.toBeInstanceOf(
        ObjectNotFoundError,
      );
    });

    it('lists by string prefix in key order', async () => {
      await store.put('l/job-1/result.md', 'a');
      await store.put('l/job-1/crops/image_b.pdf', 'bb');
      await store.put('l/job-1/crops/image_a.pdf', 'ccc');
      await store.put('l/job-10/result.md', 'dddd');
      expect((await store.list('l/job-1/')).map((o) => o.key)).toEqual([
        'l/job-1/crops/image_a.pdf',
        'l/job-1/crops/image_b.pdf',
        'l/job-1/result.md',
      ]);
      expect((await store.list('l/job-1')).map((o) => o.key)).toContain('l/job-10/result.md');
      expect(await store.list('l/job-1/crops/image_a')).toMatchObject([
        { key: 'l/job-1/crops/image_a.pdf', size: 3 },
      ]);
      expect(await store.list('l/none/')).toEqual([]);
    });

    it('lists objects with their write time', async () => {
      const before = Date.now() - 5_000; // S3 reports whole seconds; clocks differ a little
      await store.put('m/a.txt', 'a');
      const [listed] = await store.list('m/');
      // Not toBeInstanceOf(Date): the disk store's dates come from Node's realm, not the test's.
      const written = listed.lastModified?.getTime() ?? Number.NaN;
      expect(written).toBeGreaterThanOrEqual(before);
      expect(written).toBeLessThanOrEqual(Date.now() + 5_000);
    });

    it('tells when the newest write under a prefix happened', async () => {
      const before = Date.now() - 5_000;
      await store.put('n/job/a', '1');
      await store.put('n/job/crops/b', '2');
      const newest = (await store.newestWrite('n/job/'))?.getTime() ?? Number.NaN;
      expect(newest).toBeGreaterThanOrEqual(before);
      expect(newest).toBeLessThanOrEqual(Date.now() + 5_000);
      expect(await store.newestWrite('n/none/')).toBeNull();
    });

    it('pages through the child prefixes of a prefix in key order', async () => {
      for (const key of ['p/j-2/a', 'p/j-1/crops/x', 'p/j-1/b', 'p/j-10/a', 'p/top.txt', 'q/j-3/a'])
        await store.put(key, '1');
      const first = await store.listPrefixes('p/', 2);
      expect(first).toEqual({ prefixes: ['p/j-1/', 'p/j-10/'], next: 'p/j-10/' });
      expect(await store.listPrefixes('p/', 2, first.next!)).toEqual({
        prefixes: ['p/j-2/'],
        next: null,
      });
      expect(await store.listPrefixes('p/j-1/', 10)).toEqual({
        prefixes: ['p/j-1/crops/'],
        next: null,
      });
      expect(await store.listPrefixes('none/', 10)).toEqual({ prefixes: [], next: null });
    });

    it('deletes one object idempotently and everything under a prefix', async () => {
      await store.put('d/job/a', '1');
      await store.put('d/job/sub/b', '2');
      await store.put('d/jobs-other/c', '3');
      await store.delete('d/job/a');
      await store.delete('d/job/a');
      await store.delete('d/job/sub'); // a "directory" is not an object: nothing happens
      expect(await store.exists('d/job/sub/b')).toBe(true);
      expect(await store.exists('d/job/a')).toBe(false);
      expect(await store.deletePrefix('d/job/')).toBe(1);
      expect(await store.list('d/')).toMatchObject([{ key: 'd/jobs-other/c', size: 1 }]);
      expect(await store.deletePrefix('d/job/')).toBe(0);
    });

    it('treats NFC and NFD spellings of a key as the same object', async () => {
      const nfd = 'u/Документ й.pdf'.normalize('NFD');
      const stored = await store.put(nfd, 'x');
      expect(stored.key).toBe('u/Документ й.pdf'.normalize('NFC'));
      expect(await store.exists('u/Документ й.pdf'.normalize('NFC'))).toBe(true);
    });

    it.each([
      ['../escape'],
      ['a/../../escape'],
      ['/etc/passwd'],
      ['a//b'],
      ['a/./b'],
      ['a/'],
      [''],
      ['a\0b'],
      ['a\\..\\b'],
      ['C:/x'],
      ['a/\uff0e\uff0e/b'],
      ['\uff0e\uff0e\uff0fx'],
      ['a\u2215..\u2215b'],
      ['a/\u202eb'],
    ])('rejects the unsafe key %j', async (key) => {
      await expect(store.put(key, 'x')).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(store.getStream(key)).rejects.toBeInstanceOf(InvalidObjectKeyError);
    });

    it('gives a download URL that serves the object over HTTP', async () => {
      await store.put('url/ocr_jobs/j/result.zip', 'zip bytes');
      const url = await store.downloadUrl('url/ocr_jobs/j/result.zip', 3600, 'result.zip');
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('zip bytes');
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
