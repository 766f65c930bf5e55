import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  plugins: [vue()],
  resolve: {
    alias: { '@gennai/contracts': here('../../libs/shared/contracts/src/index.ts') },
  },
  define: {
    __VUE_I18N_FULL_INSTALL__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.spec.ts', 'docker/**/*.spec.ts'],
  },
});
