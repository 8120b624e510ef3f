// Private services for the scaling benchmark, each with a way to count what the server asks of it:
// a redis-server of its own (INFO commandstats is then ours alone), and s3rver behind a loopback
// proxy that counts requests by method.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Redis } from 'ioredis';
import { sleep } from './machine.mjs';
import { freePort } from './stack.mjs';

/** A redis-server on a free port; `commands()` is the total of INFO commandstats calls. */
// eslint-disable-next-line max-lines-per-function -- one straight set-up sequence: data dir, process, readiness wait, counters, stop
export async function startPrivateRedis() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'remote-ocr-scaling-redis-'));
  const port = await freePort();
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ],
    { stdio: 'ignore' },
  );
  const client = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 1 });
  client.on('error', () => undefined); // refused until the server listens; connect() reports
  for (let i = 0; ; i++) {
    try {
      await client.connect();
      break;
    } catch (error) {
      if (i > 50) throw error;
      await sleep(100);
    }
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    /** Commands served so far, by command, less the INFO calls of this counter itself. */
    async commands() {
      const text = await client.info('commandstats');
      const counts = {};
      for (const m of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) counts[m[1]] = Number(m[2]);
      return counts;
    },
    async stop() {
      client.disconnect();
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const S3RVER_SCRIPT = `
const S3rver = require(process.argv[1]);
const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: process.argv[2] });
server.run().then((address) => console.log(JSON.stringify(address)));
`;

/** s3rver (legacy OpenSSL provider, as libs/storage's tests run it) and a counting proxy. */
// eslint-disable-next-line max-lines-per-function -- one straight set-up sequence: s3rver, its bucket, the counting proxy, stop
export async function startCountedS3(bucket) {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'remote-ocr-scaling-s3-'));
  const s3rver = createRequire(import.meta.url).resolve('s3rver');
  const child = spawn(
    process.execPath,
    ['--openssl-legacy-provider', '-e', S3RVER_SCRIPT, s3rver, directory],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const { port: target } = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (l) => resolve(JSON.parse(l)));
    child.once('exit', (code) => reject(new Error(`s3rver exited with ${code}`)));
  });
  const counts = {};
  const proxy = http.createServer((req, res) => {
    counts[req.method] = (counts[req.method] ?? 0) + 1;
    const upstream = http.request(
      { host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${proxy.address().port}`;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  s3.destroy();
  return {
    env: {
      S3_ENDPOINT: endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      S3_REGION: 'us-east-1',
      R2_ACCESS_KEY_ID: credentials.accessKeyId,
      R2_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      R2_BUCKET_NAME: bucket,
    },
    counts: () => ({ ...counts }),
    async stop() {
      proxy.closeAllConnections();
      proxy.close();
      child.kill('SIGKILL');
      await rm(directory, { recursive: true, force: true });
    },
  };
}
