import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

/**
 * One Redis connection of the server, on a single node, a Sentinel-watched primary or a Redis
 * Cluster (docs/scaling.md, "Redis Cluster and Sentinel"). Both ioredis classes speak the same
 * commands; code that needs something only one of them has says so.
 */
export type RedisClient = Redis | Cluster;

/** What REDIS_URL (and REDIS_CLUSTER) name. */
export type RedisTarget =
  | { kind: 'single'; url: string }
  | { kind: 'cluster'; nodes: HostPort[]; auth: Auth; tls: boolean }
  | { kind: 'sentinel'; sentinels: HostPort[]; name: string; db: number; auth: Auth; tls: boolean };

export interface HostPort {
  host: string;
  port: number;
}
interface Auth {
  username?: string;
  password?: string;
}

/** The part of the configuration a connection needs. */
export interface RedisTargetConfig {
  url: string;
  cluster?: boolean;
}

const MULTI_HOST = /^(rediss?)\+(cluster|sentinel):\/\/(?:([^@/]*)@)?([^/?#]+)(\/[^?#]*)?$/;

function hostPorts(list: string, defaultPort: number): HostPort[] {
  return list.split(',').map((entry) => {
    const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(entry.trim());
    if (!m || !m[1]) throw new Error(`bad Redis node "${entry}" (expected host:port)`);
    return { host: m[1], port: m[2] ? Number(m[2]) : defaultPort };
  });
}

function authOf(userinfo: string | undefined): Auth {
  if (!userinfo) return {};
  const [user, ...rest] = userinfo.split(':');
  const password = rest.length > 0 ? decodeURIComponent(rest.join(':')) : undefined;
  return { username: user ? decodeURIComponent(user) : undefined, password };
}

/**
 * Reads REDIS_URL: `redis://…` (or `rediss://`) is one node — or the seed of a cluster when
 * REDIS_CLUSTER=true; `redis+cluster://h1:p1,h2:p2` names cluster seed nodes;
 * `redis+sentinel://h1:p1,h2:p2/<primary name>[/<db>]` names Sentinels and the primary they watch.
 * Errors never quote the URL, which may hold a password.
 */
export function parseRedisTarget({ url, cluster = false }: RedisTargetConfig): RedisTarget {
  const m = MULTI_HOST.exec(url);
  if (!m) {
    if (!/^rediss?:\/\//.test(url))
      throw new Error('REDIS_URL must start with redis:// or rediss://');
    if (!cluster) return { kind: 'single', url };
    const seed = new URL(url);
    return {
      kind: 'cluster',
      nodes: [{ host: seed.hostname, port: Number(seed.port || 6379) }],
      auth: authOf(seed.username || seed.password ? `${seed.username}:${seed.password}` : ''),
      tls: seed.protocol === 'rediss:',
    };
  }
  const [, scheme, kind, userinfo, hosts, path = ''] = m;
  const tls = scheme === 'rediss';
  if (kind === 'cluster')
    return { kind, nodes: hostPorts(hosts, 6379), auth: authOf(userinfo), tls };
  const [name, db] = path.split('/').filter(Boolean);
  if (!name) throw new Error('a redis+sentinel:// URL needs the primary name as its path');
  return {
    kind: 'sentinel',
    sentinels: hostPorts(hosts, 26379),
    name: decodeURIComponent(name),
    db: db ? Number(db) : 0,
    auth: authOf(userinfo),
    tls,
  };
}

/**
 * A write that reached a primary just demoted by a failover answers READONLY: reconnect and send
 * it again (2), to whichever node holds the slot now, instead of failing the caller.
 */
const resendAfterFailover = (error: Error): 2 | false =>
  error.message.startsWith('READONLY') ? 2 : false;

/** Cluster options: node connections carry `options` (timeouts, retries) and the credentials. */
export function clusterOptions(
  target: Extract<RedisTarget, { kind: 'cluster' }>,
  options: RedisOptions,
): ClusterOptions {
  return {
    redisOptions: {
      ...options,
      ...target.auth,
      ...(target.tls ? { tls: {} } : {}),
      reconnectOnError: resendAfterFailover,
    },
    // Slot moves (failover, resharding) are followed by refreshing the slot map, retried.
    slotsRefreshTimeout: 2000,
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 300,
    enableReadyCheck: true,
    maxRedirections: 32,
    lazyConnect: options.lazyConnect ?? false,
  };
}

/** Opens a connection to the configured Redis: `new Redis(url)` on one node, a Cluster otherwise. */
export function createRedisClient(
  config: RedisTargetConfig,
  options: RedisOptions = {},
): RedisClient {
  const target = parseRedisTarget(config);
  switch (target.kind) {
    case 'single':
      return new Redis(target.url, options);
    case 'cluster':
      return new Cluster(target.nodes, clusterOptions(target, options));
    case 'sentinel':
      return new Redis({
        ...options,
        sentinels: target.sentinels,
        name: target.name,
        db: target.db,
        ...target.auth,
        reconnectOnError: resendAfterFailover,
        sentinelUsername: target.auth.username,
        sentinelPassword: target.auth.password,
        ...(target.tls ? { tls: {}, enableTLSForSentinelMode: true } : {}),
      });
  }
}

/**
 * Every node that holds data, for the few commands a cluster runs per node (SCAN, INFO): the
 * masters of a cluster, the connection itself otherwise.
 */
export function dataNodes(client: RedisClient): Redis[] {
  return client instanceof Cluster ? client.nodes('master') : [client];
}
