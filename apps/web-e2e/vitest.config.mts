import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  resolve: {
    alias: { '@gennai/contracts': fileURLToPath(new URL('../../libs/shared/contracts/src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['src/**/*.e2e-spec.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    globalSetup: ['src/support/platform.global-setup.ts'],
  },
});
