import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OwnerLock, readOwner } from './owner-lock.js';

describe('OwnerLock', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'remote-ocr-lock-'));
    file = path.join(dir, 'pg.owner.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('is taken once; a live owner is reported with its port', async () => {
    const first = await OwnerLock.acquire(file);
    if (first.kind !== 'acquired') throw new Error('expected the lock');
    await first.lock.setPort(5999);
    // Our own pid counts as "us", so pose as another live process: the parent of this one.
    await writeFile(file, JSON.stringify({ pid: process.ppid, port: 5999 }));
    expect(await OwnerLock.acquire(file)).toEqual({
      kind: 'owned',
      owner: { pid: process.ppid, port: 5999 },
    });
  });

  it('takes over the file of a process that is gone', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid;
    await writeFile(file, JSON.stringify({ pid: gone, port: 1234 }));
    const result = await OwnerLock.acquire(file);
    expect(result.kind).toBe('acquired');
    expect(await readOwner(file)).toEqual({ pid: process.pid, port: null });
  });

  it('takes over an unreadable file, and release removes only its own', async () => {
    await writeFile(file, '{"pid": ');
    const result = await OwnerLock.acquire(file);
    if (result.kind !== 'acquired') throw new Error('expected the lock');
    await writeFile(file, JSON.stringify({ pid: process.ppid, port: 1 }));
    await result.lock.release();
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ pid: process.ppid, port: 1 });
  });
});
