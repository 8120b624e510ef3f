// Hosts the embedded database the way `npm start` does (startEmbeddedPostgres of the built
// storage lib) in a process of its own, so bench/embedded-db.mjs can read its RSS alone.
// Prints one JSON line {port, url, startMs} once it serves; SIGTERM stops it cleanly.
import { startEmbeddedPostgres } from '@remote-ocr/storage';

const pg = await startEmbeddedPostgres({ dataDir: process.argv[2] });
console.log(JSON.stringify({ port: pg.port, url: pg.url, startMs: pg.startMs }));
process.once('SIGTERM', () => void pg.stop().then(() => process.exit(0)));
