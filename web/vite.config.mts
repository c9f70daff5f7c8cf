import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The duty-officer console (值班台): built by `npm run build` into dist/web and served at / by the
 * Nest process (src/console). No CDN: every asset is bundled. Pages are separate chunks loaded on demand.
 */
export default defineConfig({
  root,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
    rolldownOptions: {
      // Ant Design marks its modules "use client" (for React Server Components); meaningless in a bundle.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: {
      '/graphql': { target: 'http://localhost:3000', ws: true },
      '/auth': 'http://localhost:3000',
      '/ack': 'http://localhost:3000',
    },
  },
});
