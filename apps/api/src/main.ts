import 'reflect-metadata';
import { ConfigError, exitCleanlyOnSignals, parseConfig } from '@remote-ocr/server';
import { createApiApp } from './bootstrap.js';

async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const app = await createApiApp(config);
  await app.listen(config.http.port, config.http.host);
  exitCleanlyOnSignals(app);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('api failed to start:', error);
  process.exit(1);
});
