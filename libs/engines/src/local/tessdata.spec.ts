import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findLanguageFile, prepareTessdata } from './tessdata.js';

describe('tessdata', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tessdata-spec-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('unpacks eng from the npm package into one local directory', async () => {
    const out = await prepareTessdata({ languages: ['eng'], cacheDir: join(dir, 'cache') });
    // an uncompressed traineddata file starts with its component table, not the gzip magic
    const file = readFileSync(join(out, 'eng.traineddata'));
    expect(file.length).toBeGreaterThan(1_000_000);
    expect([file[0], file[1]]).not.toEqual([0x1f, 0x8b]);
  });

  it('prefers an extra directory (e.g. Debian tessdata) and copies its files', async () => {
    const extra = join(dir, 'extra');
    await prepareTessdata({ languages: ['eng'], cacheDir: extra }).then((d) =>
      writeFileSync(join(dir, 'rus.traineddata'), readFileSync(join(d, 'eng.traineddata'))),
    );
    expect(findLanguageFile('rus', [dir])).toBe(join(dir, 'rus.traineddata'));
    const out = await prepareTessdata({
      languages: ['eng', 'rus'],
      extraLangDirs: [dir],
      cacheDir: join(dir, 'c'),
    });
    expect(statSync(join(out, 'rus.traineddata')).size).toBe(
      statSync(join(dir, 'rus.traineddata')).size,
    );
  });

  it('names every place it looked when a language is missing', () => {
    expect(() => findLanguageFile('xyz', [dir])).toThrow(/xyz.*not found.*xyz\.traineddata/);
  });
});
