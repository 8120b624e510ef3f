import 'reflect-metadata';
import { ConfigError, parseConfig } from '@remote-ocr/server';
import { createApiApp } from './bootstrap.js';

async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const app = await createApiApp(config);
  await app.listen(config.http.port, config.http.host);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('api failed to start:', error);
  process.exit(1);
});
