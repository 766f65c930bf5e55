import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  resolve: {
    alias: {
      '@gennai/contracts': fileURLToPath(new URL('../../libs/shared/contracts/src/index.ts', import.meta.url)),
      '@gennai/pii': fileURLToPath(new URL('../../libs/shared/pii/src/index.ts', import.meta.url)),
      '@gennai/evaluation-report': fileURLToPath(new URL('../../libs/api/evaluation-report/src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['src/**/*.int-spec.ts', 'test/**/*.int-spec.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    globalSetup: ['test/global-setup.ts'],
  },
});
