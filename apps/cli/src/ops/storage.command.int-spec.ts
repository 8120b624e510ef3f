import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { utimes } from 'node:fs/promises';
import { jobObjectKey, jobPrefix } from '@remote-ocr/contracts';
import { openObjectStore, parseConfig, type OrphanPrefix } from '@remote-ocr/server';
import type { DiskObjectStore } from '@remote-ocr/storage';
import { cli } from '../__fixtures__/cli-harness.js';
import { openOpsEnv, type OpsEnv } from '../__fixtures__/ops-env.js';

jest.setTimeout(60_000);

let ops: OpsEnv;
let objects: DiskObjectStore;
beforeEach(async () => {
  ops = await openOpsEnv();
  // The environment's default store: the disk store under REMOTE_OCR_DATA_DIR.
  objects = openObjectStore(parseConfig(ops.env)) as DiskObjectStore;
});
afterEach(async () => {
  await ops.close();
});

const TWO_HOURS_AGO = new Date(Date.now() - 2 * 3600 * 1000);

/** A job's objects, written `at` (file times on the disk store). */
async function objectsOf(id: string, at?: Date): Promise<void> {
  for (const name of ['document.pdf', 'result.md']) {
    await objects.put(jobObjectKey(id, name), name);
    if (at) await utimes(objects.pathFor(jobObjectKey(id, name)), at, at);
  }
}
const keys = async (id: string) => (await objects.list(`${jobPrefix(id)}/`)).map((o) => o.key);

describe('storage sweep-orphans on real Postgres and the disk store', () => {
  it('removes old objects of jobs that no longer exist; --dry-run only lists them', async () => {
    const live = (await ops.job('done')).id;
    const orphan = randomUUID();
    const fresh = randomUUID();
    await objectsOf(live, TWO_HOURS_AGO);
    await objectsOf(orphan, TWO_HOURS_AGO);
    await objectsOf(fresh);

    const dry = await cli(['storage', 'sweep-orphans', '--dry-run'], ops.env);
    expect(dry).toMatchObject({ code: 0, err: '' });
    expect(dry.out).toContain(`would remove 1 orphaned job prefix(es):`);
    expect(dry.out).toContain(`${jobPrefix(orphan)}/  2 object(s)`);
    expect(await keys(orphan)).toHaveLength(2);

    const run = await cli(['storage', 'sweep-orphans', '--json'], ops.env);
    expect(run).toMatchObject({ code: 0, err: '' });
    const removed = (JSON.parse(run.out) as { removed: OrphanPrefix[] }).removed;
    expect(removed).toEqual([{ jobId: orphan, prefix: `${jobPrefix(orphan)}/`, objects: 2 }]);
    expect(await keys(orphan)).toEqual([]);
    expect(await keys(live)).toHaveLength(2);
    expect(await keys(fresh)).toHaveLength(2);

    const again = await cli(['storage', 'sweep-orphans'], ops.env);
    expect(again.out).toBe('removed nothing: no orphaned job prefixes');
  });

  it('a shorter --grace reaches younger orphans, and a too short one is refused', async () => {
    const orphan = randomUUID();
    await objectsOf(orphan, new Date(Date.now() - 10 * 60 * 1000));
    expect((await cli(['storage', 'sweep-orphans'], ops.env)).code).toBe(0);
    expect(await keys(orphan)).toHaveLength(2);

    const refused = await cli(['storage', 'sweep-orphans', '--grace', '5'], ops.env);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain('expected a whole number of seconds ≥ 60');
    expect(await keys(orphan)).toHaveLength(2);

    expect((await cli(['storage', 'sweep-orphans', '--grace', '300'], ops.env)).code).toBe(0);
    expect(await keys(orphan)).toEqual([]);
  });
});
