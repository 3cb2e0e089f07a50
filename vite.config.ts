import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { resolve } from 'node:path';
import { voicePrompts } from './kiosk/build/voice-prompts-plugin';

// The kiosk UI is built into dist/kiosk and served by the device bridge (device-bridge/src/http).
// `npm run dev` proxies the bridge's API and WebSocket so the UI can be developed with hot reload.
const bridge = `http://127.0.0.1:${process.env.KIOSK_PORT ?? '8080'}`;

export default defineConfig({
  root: resolve(import.meta.dirname, 'kiosk'),
  // voicePrompts: the spoken prompts, pre-rendered with espeak-ng into dist/kiosk/voice/ (README "Voice guidance").
  plugins: [preact(), voicePrompts()],
  build: {
    outDir: resolve(import.meta.dirname, 'dist/kiosk'),
    emptyOutDir: true,
    target: 'chrome120',
    reportCompressedSize: false,
    // Two pages: the kiosk (index.html) and the maintenance console (maintenance.html, served at /maintenance).
    rollupOptions: {
      input: {
        index: resolve(import.meta.dirname, 'kiosk/index.html'),
        maintenance: resolve(import.meta.dirname, 'kiosk/maintenance.html'),
      },
      output: {
        // What only the lazy screens share stays out of the first chunk (rolldown would hoist it
        // there): the catalog strings (search, guide, questions, form, materials).
        codeSplitting: {
          groups: [{ name: 'catalog-strings', test: /kiosk[\\/]src[\\/]i18n-catalog\.ts$/, includeDependenciesRecursively: false }],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': bridge,
      '/sim': bridge,
      '/healthz': bridge,
      '/maintenance/api': bridge,
      '/metrics': bridge,
      '/ws': { target: bridge.replace('http', 'ws'), ws: true },
    },
  },
});
