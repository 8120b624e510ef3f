import path from 'node:path';
import { OwnerLock, waitForOwnerPort } from './owner-lock.js';

/** Connections the wire server accepts at once (api + worker pools, migrations, ops commands). */
const MAX_CONNECTIONS = 64;
/**
 * PGlite's default 128 MB of shared buffers sit in its WebAssembly memory, so they are resident in
 * the launcher; 16 MB took the reopened database's process from 371 to 217 MB RSS and its start
 * from 1.9 to 1.0 s (measured by hand on a 1,000-row database; bench/embedded-db.mjs measures the
 * routes). Reads that miss still come from the operating system's file cache.
 */
const SHARED_BUFFERS = '16MB';
/** How long a second launcher waits for a starting owner to publish its port. */
const OWNER_PORT_WAIT_MS = 60_000;

export interface EmbeddedPostgresOptions {
  /** Directory of the database files (created when missing, kept between runs). */
  dataDir: string;
  /** Loopback port to serve on; 0 (default) takes a free one. */
  port?: number;
}

export interface EmbeddedPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`: what DATABASE_URL should be. */
  url: string;
  port: number;
  /** False when another live process owns `dataDir` and this handle only points at it. */
  owned: boolean;
  /** Milliseconds from the call to a listening server (0 when not owned). */
  startMs: number;
  /** Stops serving and closes the database (a no-op on a handle that does not own it). */
  stop(): Promise<void>;
}

/**
 * Data dirs this process opened (or is opening), by their port: a second call in this process
 * must not open the files a second time either.
 */
const openedHere = new Map<string, Promise<number>>();

const urlOf = (port: number): string => `postgres://postgres@127.0.0.1:${port}/postgres`;

/** A handle on a server some other call or process owns. */
const pointer = (port: number): EmbeddedPostgres => ({
  url: urlOf(port),
  port,
  owned: false,
  startMs: 0,
  stop: () => Promise.resolve(),
});

/**
 * PostgreSQL compiled to WebAssembly (PGlite), with its files in `dataDir`, served over the wire
 * protocol on a loopback port so unchanged `pg` clients (api, worker, migrations) can use it.
 * One process owns a data directory (`<dataDir>.owner.json`); a second caller on the same
 * directory gets a handle on the owner's server instead of opening the files twice.
 * The server multiplexes connections onto PGlite's single session: a transaction holds it until
 * it ends, so transactions stay isolated; session state (SET, advisory locks) is shared, which is
 * one reason this is for one machine and light load only (docs/embedded.md).
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgres> {
  const started = Date.now();
  const dataDir = path.resolve(options.dataDir);
  const opening = openedHere.get(dataDir);
  if (opening) return pointer(await opening);
  const lockFile = `${dataDir}.owner.json`;
  const result = await OwnerLock.acquire(lockFile);
  if (result.kind === 'owned') {
    const owner = await waitForOwnerPort(lockFile, OWNER_PORT_WAIT_MS);
    if (!owner?.port)
      throw new Error(
        `The embedded database in ${dataDir} is held by process ${result.owner.pid}, which serves no port`,
      );
    return pointer(owner.port);
  }
  const serving = serve(dataDir, options.port ?? 0, result.lock);
  openedHere.set(
    dataDir,
    serving.then((handle) => handle.port),
  );
  try {
    const handle = await serving;
    return { ...handle, startMs: Date.now() - started };
  } catch (error) {
    openedHere.delete(dataDir);
    await result.lock.release();
    throw error;
  }
}

async function serve(
  dataDir: string,
  wantedPort: number,
  lock: OwnerLock,
): Promise<EmbeddedPostgres> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const db = await PGlite.create(dataDir, {
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${SHARED_BUFFERS}`],
  });
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: wantedPort,
    maxConnections: MAX_CONNECTIONS,
  });
  let port = 0;
  server.addEventListener('listening', (event) => {
    port = (event as CustomEvent<{ port: number }>).detail.port;
  });
  try {
    await server.start();
    await lock.setPort(port);
  } catch (error) {
    await server.stop();
    await db.close();
    throw error;
  }
  let stopped: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      await server.stop();
      await db.close();
      openedHere.delete(dataDir);
      await lock.release();
    })());
  return { url: urlOf(port), port, owned: true, startMs: 0, stop };
}
