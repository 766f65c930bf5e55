import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const api = 'http://localhost:3000';

export default defineConfig({
  root: here('.'),
  plugins: [vue()],
  resolve: {
    alias: {
      '@gennai/contracts': here('../../libs/shared/contracts/src/index.ts'),
      // Category ids and labels only; the classifier's cue tables are tree-shaken away (sideEffects: false).
      '@gennai/task-category': here('../../libs/shared/task-category/src/index.ts'),
    },
  },
  define: {
    // vue-i18n feature flags: Composition API only, no devtools in production.
    __VUE_I18N_FULL_INSTALL__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
  },
  build: {
    outDir: here('../../dist/apps/web'),
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      // The contracts library builds zod schemas at module level for the API. The web app imports
      // only types and constants from it, so those schema calls are declared free of side effects
      // and zod stays out of the bundle (bundle-budget.spec.ts checks it).
      treeshake: { manualPureFunctions: ['z'] },
    },
  },
  server: {
    port: 4200,
    proxy: { '/api': api, '/realms': api },
  },
  preview: { port: 4300 },
});
