// Web app benchmark (issue 18): what a first visit downloads and how soon the app is usable.
// Prints: the gzip size of what index.html loads (our code + React + CSS) against the 300 KB goal,
// the lazy chunks (pdf.js, its worker, jszip) and proof that index.html references none of them;
// then time to interactive in Debian's Chromium against the built api (fresh database, the jobs
// list showing 3 queued jobs), cold cache each run, median of N, next to Swagger UI (/docs, the
// server's other browser page) measured the same way in the same run. Asserts nothing.
//
//   npm run bench -- web          (builds first)
//   node bench/web.mjs [--runs 5]
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { createJob } from './lib/jobs.mjs';
import { machineFacts, numberArg, percentile } from './lib/machine.mjs';
import { API_KEY, ROOT, withStack } from './lib/stack.mjs';

const RUNS = numberArg('runs', 5);
const DIST = path.join(ROOT, 'apps/web/dist');
const GOAL_KB = 300;
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

async function bundleSizes() {
  const html = await readFile(path.join(DIST, 'index.html'), 'utf8');
  const referenced = new Set(
    [...html.matchAll(/(?:src|href)="\/app\/(assets\/[^"]+)"/g)].map((m) => m[1]),
  );
  const files = (await readdir(path.join(DIST, 'assets'))).map((f) => `assets/${f}`);
  let initial = gzipSync(html).length;
  const lazy = [];
  for (const file of files) {
    const gz = gzipSync(await readFile(path.join(DIST, file))).length;
    if (referenced.has(file)) initial += gz;
    else lazy.push({ file, gz });
  }
  console.log(
    `first load (index.html + ${referenced.size} files it references): ${kb(initial)} gzip`,
  );
  console.log(
    `  goal ≤ ${GOAL_KB} KB: ${((initial / 1024 / GOAL_KB) * 100).toFixed(0)} % of the budget`,
  );
  for (const { file, gz } of lazy) console.log(`  lazy, not in index.html: ${file} ${kb(gz)} gzip`);
  const pdfInInitial = [...referenced].some((f) => /pdf/.test(f));
  console.log(`  pdf.js in the first load: ${pdfInInitial ? 'YES (regression)' : 'no'}`);
}

/** Cold-cache loads of `url` until `ready` matches; returns the median ms. */
async function timeToInteractive(browser, url, ready, initScript) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'en-US',
    });
    if (initScript) await context.addInitScript(initScript.fn, initScript.arg);
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(url);
    await page.waitForSelector(ready, { state: 'visible', timeout: 60_000 });
    times.push(Date.now() - started);
    await context.close();
  }
  return percentile(times, 50);
}

async function main(stack) {
  await stack.startApi();
  const blocks = JSON.parse(await readFile(path.join(ROOT, 'samples/sample.blocks.json'), 'utf8'));
  for (let i = 0; i < 3; i++)
    await createJob(stack.baseUrl, path.join(ROOT, 'samples/sample.pdf'), blocks, {
      engine: 'local',
    });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    const signedIn = {
      fn: (key) => sessionStorage.setItem('remote-ocr.api-key', key),
      arg: API_KEY,
    };
    const app = await timeToInteractive(
      browser,
      `${stack.baseUrl}/app/`,
      'tr[data-job-id]',
      signedIn,
    );
    const signIn = await timeToInteractive(browser, `${stack.baseUrl}/app/`, '#api-key');
    const swagger = await timeToInteractive(browser, `${stack.baseUrl}/docs`, '.opblock');
    console.log(machineFacts());
    console.log(`time to interactive, median of ${RUNS} cold loads:`);
    console.log(`  app, sign-in form:              ${signIn} ms`);
    console.log(`  app, jobs list with its rows:   ${app} ms`);
    console.log(`  peer: Swagger UI at /docs:      ${swagger} ms`);
    console.log(`  ratio app (jobs list) / Swagger UI: ${(app / swagger).toFixed(2)}`);
  } finally {
    await browser.close();
  }
}

await bundleSizes();
await withStack({}, 300_000, main);
