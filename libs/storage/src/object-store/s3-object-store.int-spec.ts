import { jest } from '@jest/globals';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describeObjectStoreContract } from '../testing/object-store.contract.js';
import { startLocalS3, type LocalS3 } from '../testing/s3rver-server.js';
import { S3ObjectStore } from './s3-object-store.js';

// The workspace runs jest in projects mode, where the preset's testTimeout is not applied.
jest.setTimeout(60_000);

const storeOn = (
  s3: LocalS3,
  extra: Partial<ConstructorParameters<typeof S3ObjectStore>[0]> = {},
) => new S3ObjectStore({ ...s3, forcePathStyle: true, partSizeBytes: 5 * 1024 * 1024, ...extra });

async function sha256OfStream(stream: Readable): Promise<{ hash: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { hash: hash.digest('hex'), size };
}

/** Deterministic pseudo-random bytes written in chunks, so the test file is never in memory whole. */
async function writeBigFile(path: string, megabytes: number): Promise<string> {
  const hash = createHash('sha256');
  const chunks = Array.from({ length: megabytes }, (_, i) =>
    createHash('sha512').update(String(i)).digest(),
  );
  const body = Readable.from(
    (function* () {
      for (const seed of chunks) {
        const block = Buffer.alloc(1024 * 1024);
        for (let offset = 0; offset < block.length; offset += seed.length) seed.copy(block, offset);
        hash.update(block);
        yield block;
      }
    })(),
  );
  await writeFile(path, body);
  return hash.digest('hex');
}

describeObjectStoreContract('s3 (s3rver)', async () => {
  const s3 = await startLocalS3();
  return { store: storeOn(s3), dispose: () => s3.stop() };
});

describe('S3ObjectStore against s3rver', () => {
  let s3: LocalS3;
  let store: S3ObjectStore;
  let work: string;
  beforeAll(async () => {
    s3 = await startLocalS3();
    store = storeOn(s3);
    work = await mkdtemp(join(tmpdir(), 's3-store-'));
  }, 30_000);
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
    await s3.stop();
  });

  it('uploads a 13 MB file in parts and downloads it intact', async () => {
    const source = join(work, 'big.bin');
    const hash = await writeBigFile(source, 13);
    let parts = 0;
    store.client.middlewareStack.add(
      (next, context) => (args) => {
        if (context.commandName === 'UploadPartCommand') parts += 1;
        return next(args);
      },
      { step: 'initialize', name: 'countParts' },
    );
    try {
      expect(await store.putFile('big/document.pdf', source)).toEqual({
        key: 'big/document.pdf',
        size: 13 * 1024 * 1024,
      });
    } finally {
      store.client.middlewareStack.remove('countParts');
    }
    expect(parts).toBe(3);
    expect(await sha256OfStream(await store.getStream('big/document.pdf'))).toEqual({
      hash,
      size: 13 * 1024 * 1024,
    });
    const copy = join(work, 'copy.bin');
    await store.download('big/document.pdf', copy);
    expect((await stat(copy)).size).toBe(13 * 1024 * 1024);
    expect((await sha256OfStream(createReadStream(copy))).hash).toBe(hash);
  }, 60_000);

  it('streams an upload of unknown length from a request-like stream', async () => {
    const source = join(work, 'stream.bin');
    const hash = await writeBigFile(source, 6);
    const stored = await store.put(
      'big/stream.bin',
      createReadStream(source, { highWaterMark: 64 * 1024 }),
    );
    expect(stored.size).toBe(6 * 1024 * 1024);
    expect((await sha256OfStream(await store.getStream('big/stream.bin'))).hash).toBe(hash);
  }, 60_000);

  it('presigns a GET URL that works over plain HTTP and names the download', async () => {
    await store.put('p/result.zip', 'zip!');
    const url = await store.downloadUrl('p/result.zip', 3600, 'результат.zip');
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('3600');
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('zip!');
    expect(response.headers.get('content-disposition')).toContain("filename*=UTF-8''%D1%80");
    // s3rver does not check signatures, so only the presence of a SigV4 signature is asserted.
    expect(new URL(url).searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives public URLs when a public base is configured', async () => {
    const pub = storeOn(s3, { publicUrl: 'https://files.example.com/' });
    expect(pub.publicBaseUrl()).toBe('https://files.example.com');
    expect(await pub.downloadUrl('ocr_jobs/j/crops/image 1.pdf', 3600)).toBe(
      'https://files.example.com/ocr_jobs/j/crops/image%201.pdf',
    );
    expect(store.publicBaseUrl()).toBeNull();
  });

  it('derives the R2 endpoint from the account id', async () => {
    const r2 = new S3ObjectStore({
      bucket: 'bucket',
      accessKeyId: 'k',
      secretAccessKey: 's',
      accountId: 'abc123',
    });
    const url = new URL(await r2.downloadUrl('x/y', 3600));
    expect(url.host).toBe('bucket.abc123.r2.cloudflarestorage.com');
    expect(await r2.client.config.region()).toBe('auto');
  });

  it('lists and deletes more than 1000 keys in batches of 1000', async () => {
    const total = 1005;
    const keys = Array.from(
      { length: total },
      (_, i) => `many/job/${String(i).padStart(4, '0')}.txt`,
    );
    for (let i = 0; i < keys.length; i += 25) {
      await Promise.all(keys.slice(i, i + 25).map((key) => store.put(key, 'x')));
    }
    await store.put('many/other/keep.txt', 'keep');
    const listed = await store.list('many/job/');
    expect(listed).toHaveLength(total);
    expect(listed.map((o) => o.key)).toEqual(keys);
    let deleteCalls = 0;
    store.client.middlewareStack.add(
      (next, context) => (args) => {
        if (context.commandName === 'DeleteObjectsCommand') deleteCalls += 1;
        return next(args);
      },
      { step: 'initialize', name: 'countDeletes' },
    );
    try {
      expect(await store.deletePrefix('many/job/')).toBe(total);
    } finally {
      store.client.middlewareStack.remove('countDeletes');
    }
    expect(deleteCalls).toBeLessThanOrEqual(Math.ceil(total / 1000));
    expect(await store.list('many/job/')).toEqual([]);
    expect(await store.exists('many/other/keep.txt')).toBe(true);
  }, 120_000);

  it('fails ping for a missing bucket', async () => {
    await expect(storeOn(s3, { bucket: 'no-such-bucket' }).ping()).rejects.toThrow();
  });
});
