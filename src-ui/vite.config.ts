import { defineConfig } from 'vitest/config';

// The dashboard is built into the Quarkus jar: Quarkus serves target/classes/META-INF/resources at /.
export default defineConfig({
  build: {
    outDir: '../target/classes/META-INF/resources',
    emptyOutDir: true,
    chunkSizeWarningLimit: 200,
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
