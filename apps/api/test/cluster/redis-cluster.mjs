// A real Redis Cluster for the `cluster` jest project: 3 masters + 3 replicas of `redis-server
// --cluster-enabled yes` on loopback ports 17000–17005 (their cluster-bus ports, +10000, stay below
// the ephemeral range from 32768), joined by `redis-cli --cluster create`. Data lives in a temp
// dir that stop() removes; every process is killed by stop(), and by a process exit hook as well.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CLUSTER_PORTS = [17000, 17001, 17002, 17003, 17004, 17005];
const READY_TIMEOUT_MS = 30_000;

/** The REDIS_URL of the test cluster (every node as a seed). */
export const clusterUrl = () =>
  `redis+cluster://${CLUSTER_PORTS.map((p) => `127.0.0.1:${p}`).join(',')}`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function cli(port, ...args) {
  const r = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  return (r.stdout ?? '').trim();
}

async function waitUntil(what, check) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (check()) return;
    await sleep(200);
  }
  throw new Error(`redis cluster: ${what} within ${READY_TIMEOUT_MS / 1000} s`);
}

function spawnNode(dir, port) {
  const nodeDir = path.join(dir, String(port));
  mkdirSync(nodeDir, { recursive: true });
  const args = [
    ['--bind', '127.0.0.1'],
    ['--port', String(port)],
    ['--dir', nodeDir],
    ['--cluster-enabled', 'yes'],
    ['--cluster-config-file', 'nodes.conf'],
    ['--cluster-node-timeout', '2000'],
    ['--appendonly', 'no'],
    ['--save', ''],
    ['--daemonize', 'no'],
    ['--logfile', path.join(nodeDir, 'redis.log')],
  ].flat();
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  child.exited = new Promise((resolve) => child.once('exit', resolve));
  return child;
}

/** `CLUSTER NODES` of one node as rows: { id, port, role, master, failed }. */
export function clusterNodes(port = CLUSTER_PORTS[0]) {
  return cli(port, 'cluster', 'nodes')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [id, addr, flags, master] = line.split(' ');
      return {
        id,
        port: Number(addr.split('@')[0].split(':')[1]),
        role: flags.includes('master') ? 'master' : 'replica',
        master,
        failed: flags.includes('fail'),
      };
    });
}

/** Masters of the cluster, each with its replicas' ports. */
export function masters(port = CLUSTER_PORTS[0]) {
  const nodes = clusterNodes(port);
  return nodes
    .filter((n) => n.role === 'master' && !n.failed)
    .map((m) => ({ ...m, replicas: nodes.filter((n) => n.master === m.id).map((n) => n.port) }));
}

/** The master port holding `key` (CLUSTER KEYSLOT + CLUSTER SHARDS/SLOTS of a live node). */
export function masterOfKey(key, port = CLUSTER_PORTS[0]) {
  const slot = Number(cli(port, 'cluster', 'keyslot', key));
  const lines = cli(port, 'cluster', 'slots').split('\n');
  // `redis-cli` prints CLUSTER SLOTS flattened: start, end, master ip, master port, master id, …
  for (let i = 0; i + 3 < lines.length; i++) {
    const start = Number(lines[i]);
    const end = Number(lines[i + 1]);
    if (lines[i + 2] === '127.0.0.1' && slot >= start && slot <= end && Number(lines[i + 3]))
      return Number(lines[i + 3]);
  }
  throw new Error(`no master found for slot ${slot}`);
}

/** Promotes the replica of the master holding `key` (CLUSTER FAILOVER); returns both ports. */
export async function failover(key) {
  const oldMaster = masterOfKey(key);
  const replica = masters().find((m) => m.port === oldMaster)?.replicas[0];
  if (!replica) throw new Error(`master ${oldMaster} has no replica`);
  const answer = cli(replica, 'cluster', 'failover');
  if (answer !== 'OK') throw new Error(`CLUSTER FAILOVER answered ${answer}`);
  await waitUntil('the replica did not take over', () => masterOfKey(key, replica) === replica);
  return { oldMaster, newMaster: replica };
}

/**
 * Starts the cluster; returns { url, ports, stop }.
 * Kills whatever it started when start-up fails.
 */
export async function startRedisCluster() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'remote-ocr-redis-cluster-'));
  const children = CLUSTER_PORTS.map((port) => spawnNode(dir, port));
  const killAll = () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  };
  process.once('exit', killAll);
  const stop = async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
    const timer = setTimeout(killAll, 5000);
    await Promise.all(children.map((c) => c.exited));
    clearTimeout(timer);
    process.removeListener('exit', killAll);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil('nodes did not answer PING', () =>
      CLUSTER_PORTS.every((p) => cli(p, 'ping') === 'PONG'),
    );
    const create = spawnSync(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...CLUSTER_PORTS.map((p) => `127.0.0.1:${p}`),
        '--cluster-replicas',
        '1',
        '--cluster-yes',
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
    if (create.status !== 0)
      throw new Error(`redis-cli --cluster create failed:\n${create.stdout}`);
    const clusterOk = () =>
      CLUSTER_PORTS.every((p) => /cluster_state:ok/.test(cli(p, 'cluster', 'info')));
    await waitUntil('cluster_state did not become ok', clusterOk);
    await waitUntil('replicas did not attach', () =>
      masters().every((m) => m.replicas.length === 1),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: clusterUrl(),
    ports: CLUSTER_PORTS,
    stop,
  };
}
