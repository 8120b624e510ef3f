// The first step of `npm start` / `npm run demo`: decide (decide.mjs) before building, and when
// the plan embeds a database whose directory does not exist yet, start its initdb in a child
// process right away so it overlaps the build of a fresh clone (measured in docs/embedded.md).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { findServices, plan } from './decide.mjs';

const INITDB = path.join(import.meta.dirname, 'pglite-initdb.mjs');

/** Resolves when the child ends; its failure is not fatal (the server then runs initdb itself). */
function initdb(dir) {
  const child = spawn(process.execPath, [INITDB, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
  return new Promise((resolve) => {
    child.once('error', (error) => resolve({ ok: false, detail: error.message }));
    child.once('exit', (code) => resolve({ ok: code === 0, detail: stderr.trim() }));
  });
}

/**
 * @param env the environment the command runs with
 * @param command 'start' | 'demo'
 * @returns {{ services: object, ready: Promise<{ ok: boolean, detail?: string }> }}
 */
export async function decideAndPrepare(env, command) {
  const services = plan(await findServices(env), command);
  const embeds = services.database.use === 'embedded' && services.queue.use !== 'missing';
  const dir = embeds ? services.database.dir : null;
  // A live owner's or an existing database needs nothing; only a brand-new one is made here.
  const fresh = dir !== null && !existsSync(dir) && !existsSync(`${dir}.owner.json`);
  return { services, ready: fresh ? initdb(dir) : Promise.resolve({ ok: true }) };
}
