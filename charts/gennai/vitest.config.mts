import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  test: {
    include: ['tests/**/*.int-spec.ts'],
    environment: 'node',
    // Each case runs the real helm binaries (about 0.1–0.5 s per run on 2 cores).
    testTimeout: 120_000,
  },
});
