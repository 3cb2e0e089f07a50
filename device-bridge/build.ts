/**
 * `npm run build` (after the kiosk UI): the device bridge bundled into one ES module,
 * dist/bridge/main.mjs, which `npm start` runs with plain Node — no TypeScript compiler in the
 * terminal's start (through tsx the bridge took about twice as long to listen; see the boot bench).
 * Packages stay external (node_modules, native modules included). dist/bridge sits two levels under
 * the project root like device-bridge/src, so config.ts's projectRoot resolves the same. The tests
 * run the sources through tsx (test/support/bridge-process.ts); the boot bench runs this bundle.
 */
import { resolve } from 'node:path';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '..');

await build({
  configFile: false,
  root,
  logLevel: 'warn',
  build: {
    ssr: resolve(root, 'device-bridge/src/main.ts'),
    outDir: resolve(root, 'dist/bridge'),
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    minify: false,
    rollupOptions: { output: { entryFileNames: 'main.mjs' } },
  },
});
