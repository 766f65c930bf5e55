import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  // The statistics library from source, so a unit run needs no build of it first.
  resolve: { alias: { '@gennai/arena-stats': fileURLToPath(new URL('../arena-stats/src/index.ts', import.meta.url)) } },
  test: { include: ['src/**/*.spec.ts'], environment: 'node' },
});
