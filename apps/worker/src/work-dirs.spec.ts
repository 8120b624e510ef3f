import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createJobWorkDir, removeStaleWorkDirs } from './work-dirs.js';

const JOB = '0b6c5a8e-3d1f-4c2a-9e7b-5f4d3c2b1a09';

/** Issue 14 (extras): a starting worker removes the work dirs of dead workers, and only those. */
describe('removeStaleWorkDirs', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'remote-ocr-workdirs-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('removes dirs of exited workers; keeps live ones, older-style ones and strangers', async () => {
    const dead = spawn(process.execPath, ['-e', '0']);
    await once(dead, 'exit');
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const names = {
        dead: `remote-ocr-work-${dead.pid}-${JOB}-aaaaaa`,
        live: `remote-ocr-work-${live.pid}-${JOB}-bbbbbb`,
        legacyOld: `remote-ocr-${JOB}-cccccc`,
        legacyFresh: `remote-ocr-${JOB}-dddddd`,
        stranger: 'remote-ocr-restart-eeeeee',
      };
      for (const name of Object.values(names))
        await mkdir(path.join(root, name, 'pages'), { recursive: true });
      const ours = await createJobWorkDir(JOB, root);

      const removed = await removeStaleWorkDirs(root);
      expect(removed.sort()).toEqual([names.dead, path.basename(ours)].sort());
      expect((await readdir(root)).sort()).toEqual(
        [names.live, names.legacyOld, names.legacyFresh, names.stranger].sort(),
      );
    } finally {
      live.kill();
    }
  });
});
