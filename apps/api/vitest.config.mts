import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  resolve: {
    alias: {
      '@gennai/contracts': fileURLToPath(new URL('../../libs/shared/contracts/src/index.ts', import.meta.url)),
      '@gennai/pii': fileURLToPath(new URL('../../libs/shared/pii/src/index.ts', import.meta.url)),
    },
  },
  test: { include: ['src/**/*.spec.ts'], environment: 'node', testTimeout: 30_000 },
});
