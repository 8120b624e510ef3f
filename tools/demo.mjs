#!/usr/bin/env node
// `npm run demo`: the main job end to end on local defaults. Starts the api and a worker (building
// first when needed), submits samples/sample.pdf with its blocks over HTTP exactly as the desktop
// client does (SHA-256 document_id, GET /jobs?document_id first, multipart POST /jobs), follows
// the job, downloads result.zip through /jobs/{id}/result, prints where everything is and the
// first lines of result.md, then stops everything.
// It uses the same defaults as `npm start` (database remote_ocr, queue prefix remote-ocr, ./data):
// the demo job stays visible afterwards in GET /jobs like any other. Port 8000 unless taken.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { runDemoInProcess } from './demo-in-process.mjs';
import { decideAndPrepare } from './services/prepare.mjs';
import { ROOT, ensureBuilt, fail, startStack, stopStack } from './start.mjs';

const SAMPLE_PDF = path.join(ROOT, 'samples', 'sample.pdf');
const SAMPLE_BLOCKS = path.join(ROOT, 'samples', 'sample.blocks.json');
const OUT_DIR = path.resolve('ocr-out', 'demo');
const POLL_MS = 1000;
const JOB_TIMEOUT_MS = 15 * 60_000;
const PREVIEW_LINES = 15;

/** 8000 when free, else any free port (e.g. `npm start` is already running). */
async function pickPort(preferred) {
  const tryListen = (port) =>
    new Promise((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(null));
      server.listen(port, () => {
        const { port: got } = server.address();
        server.close(() => resolve(got));
      });
    });
  return (await tryListen(preferred)) ?? (await tryListen(0));
}

/** A tiny client of the api, as the desktop editor talks to it. */
function apiClient(baseUrl, apiKey) {
  const headers = apiKey ? { 'X-API-Key': apiKey } : {};
  const call = async (method, route, body) => {
    const res = await fetch(`${baseUrl}${route}`, { method, headers, body });
    const text = await res.text();
    const json = text ? JSON.parse(text) : null;
    if (!res.ok) throw new Error(`${method} ${route} → ${res.status}: ${json?.detail ?? text}`);
    return json;
  };
  return { get: (route) => call('GET', route), post: (route, body) => call('POST', route, body) };
}

/** Reuses a queued/processing job of the same document, else submits a new one (docs/contract.md §2). */
async function submit(api, pdf, blocks) {
  const documentId = createHash('sha256').update(pdf).digest('hex');
  const existing = await api.get(`/jobs?document_id=${documentId}`);
  const running = existing.find((j) => j.status === 'queued' || j.status === 'processing');
  if (running) {
    console.log(`Reusing job ${running.id} (${running.status}) for the same document.`);
    return running.id;
  }
  const form = new FormData();
  form.set('client_id', 'demo');
  form.set('document_id', documentId);
  form.set('document_name', 'sample.pdf');
  form.set('task_name', 'npm run demo');
  form.set('engine', 'local');
  form.set('pdf', new Blob([pdf], { type: 'application/pdf' }), 'sample.pdf');
  form.set('blocks_file', new Blob([blocks], { type: 'application/json' }), 'blocks.json');
  const job = await api.post('/jobs', form);
  console.log(`Submitted job ${job.id} (document_id ${documentId.slice(0, 12)}…)`);
  return job.id;
}

function progressPrinter() {
  let last = '';
  return (job) => {
    const pct = Math.round(job.progress * 100);
    const line = `  ${job.status.padEnd(10)} ${'█'.repeat(Math.round(pct / 5)).padEnd(20, '░')} ${pct}%`;
    if (line === last) return;
    last = line;
    if (process.stdout.isTTY) process.stdout.write(`\r${line}`);
    else console.log(line);
  };
}

async function waitForJob(api, id) {
  const show = progressPrinter();
  const deadline = Date.now() + JOB_TIMEOUT_MS;
  for (;;) {
    const job = await api.get(`/jobs/${id}`);
    show(job);
    if (['done', 'error', 'paused'].includes(job.status)) {
      if (process.stdout.isTTY) process.stdout.write('\n');
      return job;
    }
    if (Date.now() > deadline) throw new Error(`job ${id} did not finish within 15 minutes`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

async function downloadResult(api, id) {
  const { download_url: url } = await api.get(`/jobs/${id}/result`);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`downloading result.zip → ${res.status}`);
  const zipBytes = Buffer.from(await res.arrayBuffer());
  const dir = path.join(OUT_DIR, id);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'result.zip'), zipBytes);
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(zipBytes);
  const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
  for (const name of names) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), await zip.files[name].async('nodebuffer'));
  }
  return { dir, names };
}

async function run(stack) {
  const api = apiClient(stack.baseUrl, stack.config.apiKey);
  const [pdf, blocks] = await Promise.all([readFile(SAMPLE_PDF), readFile(SAMPLE_BLOCKS)]);
  const id = await submit(api, pdf, blocks);
  const job = await waitForJob(api, id);
  if (job.status !== 'done')
    throw new Error(`job ${id} ended ${job.status}: ${job.error_message ?? ''}`);
  if (job.error_message) console.log(`  note: ${job.error_message}`);
  const { dir, names } = await downloadResult(api, id);
  const details = await api.get(`/jobs/${id}/details`);
  const rel = (p) => path.relative(process.cwd(), p) || '.';
  const md = await readFile(path.join(dir, 'result.md'), 'utf8');
  console.log(`\n✔ Job ${id} done: ${details.block_stats.total} blocks.`);
  console.log(`  Downloaded result.zip and unpacked it into ${rel(dir)}/: ${names.join(', ')}`);
  const store = stack.config.objectStore;
  if (store.kind === 'disk')
    console.log(`  Stored job files: ${rel(path.join(store.root, details.r2_prefix))}/`);
  else console.log(`  Stored job files: s3://${store.bucket}/${details.r2_prefix}/`);
  console.log(`  Job in the api: ${stack.baseUrl}/jobs/${id}/details`);
  console.log(`\n── first lines of result.md ──`);
  console.log(md.split('\n').slice(0, PREVIEW_LINES).join('\n'));
  console.log('──');
}

async function main() {
  // Which Redis and database: the same decision as `npm start` (tools/services/decide.mjs); a
  // new embedded database's initdb starts now, while the workspace builds.
  const prepared = await decideAndPrepare(process.env, 'demo');
  const { services } = prepared;
  ensureBuilt();
  if (services.queue.use === 'in-process') {
    const outDir = path.join(OUT_DIR, 'in-process');
    const { probed } = services.queue;
    const sample = { pdf: SAMPLE_PDF, blocks: SAMPLE_BLOCKS, outDir, previewLines: PREVIEW_LINES };
    await runDemoInProcess({ ...sample, probed });
    return;
  }
  const port = await pickPort(Number(process.env.PORT ?? 8000));
  // A worker of a server already running here may own the default metrics port: not needed here.
  const env = { ...process.env, PORT: String(port), WORKER_METRICS_PORT: '0' };
  console.log('Starting api and worker…');
  const stack = await startStack({ env, quiet: true, prepared });
  console.log(`api ${stack.baseUrl} (Swagger UI ${stack.baseUrl}/docs) and a worker are up.`);
  console.log(
    `Web app: ${stack.baseUrl}/app/ (docs/web.md; \`npm start\` keeps it up after the demo)`,
  );
  let interrupted = false;
  process.on('SIGINT', () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.log('\nInterrupted: stopping api and worker…');
    void stopStack(stack).then(() => process.exit(130));
  });
  try {
    await run(stack);
  } catch (error) {
    await stopStack(stack);
    fail(error instanceof Error ? error.message : String(error));
  }
  console.log('\nStopping api and worker…');
  await stopStack(stack);
  console.log('Demo finished. `npm start` keeps the server running; see the README for the API.');
}

main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
