#!/usr/bin/env node
// Validates docker/ without a Docker engine (CI has none):
//  (a) static: docker/compose.yaml parses and has the services, health checks, Redis settings and
//      scalable worker we promise; every variable it sets, and every line of .env.example, is a
//      variable of libs/server/src/config/environment.ts — and .env.example lists all of them;
//      the Dockerfile uses Node 24 slim, a non-root user, production deps, and copies the manifest
//      of every workspace.
//  (b) the image's steps outside Docker: docker/assemble-runtime.sh on the built repo into a temp
//      dir, `npm ci --omit=dev` there (what the runtime stage holds), then the CLI from that tree
//      OCRs the sample with the local engine (pdf.js, canvas, Tesseract from production deps only)
//      and the api + worker start there against local Redis/Postgres when reachable.
// Usage: npm exec -- node tools/docker-check.mjs [--static]   (builds first when a dist is missing)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { appNodeArgs, PROCESS_ENV } from './app-node-flags.mjs';
import { ROOT, ensureBuilt } from './start.mjs';

const problems = [];
const check = (ok, message) => {
  if (!ok) problems.push(message);
};
const read = (rel) => readFileSync(path.join(ROOT, rel), 'utf8');

/** Variable names declared in environment.ts (class fields in UPPER_CASE). */
function environmentVariables() {
  const source = read('libs/server/src/config/environment.ts');
  // Indented: class fields, not module-level constants such as URL_OPTS.
  const names = [...source.matchAll(/^[ \t]+(?:@.*?\s)?([A-Z][A-Z0-9_]*)[?!]?\s*(?::|=)/gm)];
  return new Set(names.map((m) => m[1]));
}

// eslint-disable-next-line max-lines-per-function -- a list of checks run in order, one line each
function checkCompose(known) {
  const compose = parse(read('docker/compose.yaml'), { merge: true });
  const services = compose.services ?? {};
  for (const name of ['redis', 'postgres', 'minio', 'minio-init', 'api', 'worker']) {
    check(services[name], `compose: service "${name}" is missing`);
  }
  for (const name of ['redis', 'postgres', 'minio', 'api', 'worker']) {
    check(services[name]?.healthcheck?.test, `compose: service "${name}" has no healthcheck`);
  }
  const redisCmd = [services.redis?.command ?? []].flat().join(' ');
  check(/--appendonly yes/.test(redisCmd), 'compose: redis must run with --appendonly yes');
  check(/--maxmemory-policy noeviction/.test(redisCmd), 'compose: redis must use noeviction');
  const init = JSON.stringify(services['minio-init'] ?? {});
  check(/mc mb/.test(init), 'compose: minio-init must create the bucket with `mc mb`');
  check(
    !services.worker?.ports && !services.worker?.container_name,
    'compose: worker must be scalable (no ports/container_name)',
  );
  check(
    services.api?.image && services.api.image === services.worker?.image,
    'compose: api and worker must share one image',
  );
  for (const app of ['api', 'worker']) {
    const want = ['node', ...appNodeArgs(app, `apps/${app}/dist/main.js`)].join(' ');
    check(
      [services[app]?.command].flat().join(' ') === want,
      `compose: ${app} command must be \`${want}\` (tools/app-node-flags.mjs)`,
    );
  }
  for (const svc of ['api', 'worker']) {
    for (const dep of ['redis', 'postgres', 'minio-init']) {
      check(services[svc]?.depends_on?.[dep], `compose: ${svc} must depend on ${dep}`);
    }
    for (const name of Object.keys(services[svc]?.environment ?? {})) {
      check(known.has(name), `compose: ${svc} sets ${name}, which environment.ts does not read`);
    }
  }
  check(
    compose.volumes && Object.keys(compose.volumes).length >= 3,
    'compose: named volumes for redis, postgres, minio',
  );
  return Object.keys(services).length;
}

function checkEnvExample(known) {
  const listed = new Set(
    [...read('.env.example').matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]),
  );
  for (const name of known) check(listed.has(name), `.env.example does not list ${name}`);
  for (const name of listed)
    check(known.has(name), `.env.example lists ${name}, unknown to environment.ts`);
  return listed.size;
}

function checkDockerfile() {
  const text = read('docker/Dockerfile');
  check(/ARG NODE_IMAGE=node:24-slim/.test(text), 'Dockerfile: base image must be node:24-slim');
  check((text.match(/^FROM /gm) ?? []).length >= 2, 'Dockerfile: must be multi-stage');
  check(/^USER (?!root)\S+/m.test(text), 'Dockerfile: must switch to a non-root USER');
  check(/npm ci --omit=dev/.test(text), 'Dockerfile: runtime needs production dependencies only');
  for (const [name, value] of Object.entries(PROCESS_ENV)) {
    check(
      new RegExp(`^\\s*(ENV\\s+)?${name}=${value}\\b`, 'm').test(text),
      `Dockerfile: ENV ${name}=${value} (tools/app-node-flags.mjs)`,
    );
  }
  const cmd = JSON.stringify(['node', ...appNodeArgs('api', 'apps/api/dist/main.js')]);
  check(
    text.includes(`CMD ${cmd.replaceAll(',', ', ')}`),
    `Dockerfile: CMD must be ${cmd} (tools/app-node-flags.mjs)`,
  );
  const workspaces = ['apps', 'libs'].flatMap((top) =>
    readdirSync(path.join(ROOT, top))
      .filter((d) => existsSync(path.join(ROOT, top, d, 'package.json')))
      .map((d) => `${top}/${d}/package.json`),
  );
  for (const manifest of workspaces) {
    check(
      text.includes(`COPY ${manifest} `),
      `Dockerfile: COPY ${manifest} (npm ci needs every workspace)`,
    );
  }
}

function run(cmd, args, options) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${result.status})`);
}

/** The api and worker of the runtime tree start and answer /health (needs Redis + Postgres). */
async function startRuntime(dir) {
  const env = {
    ...process.env,
    PORT: '8019',
    WORKER_METRICS_PORT: '0',
    QUEUE_PREFIX: `docker-check-${process.pid}`,
    REMOTE_OCR_DATA_DIR: path.join(dir, 'data'),
    NODE_ENV: 'production',
  };
  const children = ['api', 'worker'].map((app) =>
    spawn(process.execPath, [`apps/${app}/dist/main.js`], { cwd: dir, env, stdio: 'ignore' }),
  );
  try {
    for (let i = 0; i < 120; i++) {
      if (children.some((c) => c.exitCode !== null))
        throw new Error('api or worker exited during start-up');
      const ok = await fetch('http://127.0.0.1:8019/health').then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error('the api of the runtime tree did not answer /health within 60 s');
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(
      children.map((c) => c.exitCode === null && new Promise((r) => c.on('exit', r))),
    );
  }
}

async function servicesUp() {
  const { Redis } = await import('ioredis');
  const redis = new Redis({
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  });
  redis.on('error', () => undefined);
  const ok = await redis.connect().then(
    () => true,
    () => false,
  );
  redis.disconnect();
  return ok;
}

// eslint-disable-next-line max-lines-per-function -- a list of checks run in order, one line each
async function exerciseImageSteps() {
  ensureBuilt();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'docker-check-'));
  try {
    const app = path.join(dir, 'app');
    run('sh', [path.join(ROOT, 'docker/assemble-runtime.sh'), ROOT, app]);
    run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: app });
    // Build and test tools must stay out (typescript itself is a peer of @nestjs/swagger, so it stays).
    const devOnly = [
      'jest',
      'nx',
      '@swc/core',
      'eslint',
      'prettier',
      's3rver',
      'autocannon',
      'node',
    ];
    const leaked = devOnly.filter((name) => existsSync(path.join(app, 'node_modules', name)));
    check(leaked.length === 0, `runtime tree holds build/test tools: ${leaked.join(', ')}`);
    const out = path.join(dir, 'ocr-out');
    run(
      process.execPath,
      [
        'apps/cli/dist/main.js',
        'ocr',
        'samples/sample.pdf',
        '--blocks',
        'samples/sample.blocks.json',
        '--engine',
        'local',
        '--out',
        out,
      ],
      { cwd: app, env: { PATH: process.env.PATH, NODE_ENV: 'production' } },
    );
    const md = await readFile(path.join(out, 'result.md'), 'utf8');
    check(md.includes('Пояснительная записка'), 'runtime tree: the CLI did not read the sample');
    if (await servicesUp()) await startRuntime(app);
    else console.log('(Redis not reachable: skipped starting api + worker from the runtime tree)');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const started = performance.now();
const known = environmentVariables();
const services = checkCompose(known);
const listed = checkEnvExample(known);
checkDockerfile();
console.log(
  `static: compose ${services} services, ${known.size} variables in environment.ts, ${listed} in .env.example`,
);
if (!process.argv.includes('--static') && problems.length === 0) {
  try {
    await exerciseImageSteps();
  } catch (error) {
    problems.push(error.message);
  }
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (problems.length > 0) {
  console.error(`✖ docker check failed (${seconds} s):\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}
console.log(`✔ docker check passed in ${seconds} s`);
