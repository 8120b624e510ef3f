import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The app is served by the api under /app (docs/web.md); `nx run web:serve` proxies the api.
const api = process.env.REMOTE_OCR_SERVER ?? 'http://127.0.0.1:8000';
const proxied = ['/jobs', '/health', '/files', '/docs', '/metrics'];

export default defineConfig({
  root: import.meta.dirname,
  base: '/app/',
  plugins: [react()],
  resolve: {
    // Workspace libs from their sources, as the tests do: no lib build needed first.
    conditions: ['@remote-ocr/source', 'module', 'browser', 'development|production'],
  },
  build: {
    outDir: path.join(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: Object.fromEntries(proxied.map((p) => [p, { target: api, changeOrigin: false }])),
  },
});
