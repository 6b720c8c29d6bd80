// The browser side: WardBoard.vue as a UMD library named after the node type (Dashboard 2.0
// imports /resources/<package>/he-ward-board.umd.js and reads window['he-ward-board']).
// Vue and Vuex are the Dashboard's own (window.Vue, window.vuex), never bundled.
import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [vue()],
  build: {
    outDir: resolve(import.meta.dirname, 'resources'),
    emptyOutDir: true,
    minify: true,
    lib: {
      entry: resolve(import.meta.dirname, 'ui/index.ts'),
      name: 'he-ward-board',
      formats: ['umd'],
      fileName: () => 'he-ward-board.umd.js',
    },
    rollupOptions: {
      external: ['vue', 'vuex'],
      output: { globals: { vue: 'Vue', vuex: 'vuex' } },
    },
  },
});
