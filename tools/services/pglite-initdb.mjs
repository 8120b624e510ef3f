#!/usr/bin/env node
// Creates a new embedded database directory (PGlite's initdb, ≈ 15 s on a busy 2-core machine) in
// a process of its own, so that a first `npm start` / `npm run demo` can run it while the
// workspace builds (tools/services/prepare.mjs). It imports PGlite directly because the storage
// lib that serves the database (startEmbeddedPostgres) may not be built yet at that moment.
// initdb writes into a private directory that is renamed into place only when complete: an
// interrupted run leaves no half-made database behind, and a directory someone else created in
// the meantime wins.
//
//   node tools/services/pglite-initdb.mjs <data dir>/pg
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

const target = process.argv[2];
const draft = `${target}.initdb-${process.pid}`;

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
};

/** Drafts of runs that were killed (Ctrl-C during the build) are removed. */
async function removeDeadDrafts() {
  const prefix = `${path.basename(target)}.initdb-`;
  for (const name of await readdir(path.dirname(target))) {
    const pid = Number(name.startsWith(prefix) ? name.slice(prefix.length) : NaN);
    if (Number.isInteger(pid) && !alive(pid))
      await rm(path.join(path.dirname(target), name), { recursive: true, force: true });
  }
}

await mkdir(path.dirname(target), { recursive: true });
await removeDeadDrafts();
try {
  const db = await PGlite.create(draft);
  await db.close();
  await rename(draft, target).catch(() => undefined); // ENOTEMPTY/EEXIST: another one won
} finally {
  await rm(draft, { recursive: true, force: true });
}
