import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.mjs';

/** The app's own Vite configuration (aliases, plugins, feature flags), plus the test settings. */
export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'jsdom',
      include: ['src/**/*.spec.ts', 'docker/**/*.spec.ts'],
    },
  }),
);
