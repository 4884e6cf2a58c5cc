/**
 * Builds the console into console/dist, served by the service at /console (src/console/console.routes.ts).
 * Everything is bundled (Monaco and its workers, fonts, icons): the page loads nothing from another host.
 * TSX is compiled by Vite's own transformer (automatic JSX runtime from tsconfig.json). Vitest runs src/**\/*.test.ts.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  base: '/console/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
    reportCompressedSize: false,
    // Monaco's workers make the build's own timing report fire on every build; it is noise here.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  worker: { format: 'es' },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node', // files that need the DOM (sessionStorage) say so: @vitest-environment jsdom
  },
});
