import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { resolve } from 'node:path';

// The kiosk UI is built into dist/kiosk and served by the device bridge (device-bridge/src/http).
// `npm run dev` proxies the bridge's API and WebSocket so the UI can be developed with hot reload.
const bridge = `http://127.0.0.1:${process.env.KIOSK_PORT ?? '8080'}`;

export default defineConfig({
  root: resolve(import.meta.dirname, 'kiosk'),
  plugins: [preact()],
  build: {
    outDir: resolve(import.meta.dirname, 'dist/kiosk'),
    emptyOutDir: true,
    target: 'chrome120',
    reportCompressedSize: false,
  },
  server: {
    proxy: {
      '/api': bridge,
      '/sim': bridge,
      '/healthz': bridge,
      '/ws': { target: bridge.replace('http', 'ws'), ws: true },
    },
  },
});
