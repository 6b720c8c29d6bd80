// Component tests: the Vue component mounted in jsdom with a fake Dashboard socket.
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [vue()],
  test: {
    environment: 'jsdom',
    include: ['ui/tests/**/*.test.ts'],
  },
});
