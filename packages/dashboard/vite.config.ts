import { defineConfig } from 'vite';

/**
 * The owner app is served by the Worker's static assets under /app (DESIGN §10); every
 * deep link (/app/calendar, /app/staff/<id>) falls back to index.html, where the
 * router takes over. Screens other than the first are separate chunks loaded on demand,
 * so sign-in paints from a small bundle.
 */
export default defineConfig({
  base: '/app/',
  build: {
    outDir: 'dist/app',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
  },
});
