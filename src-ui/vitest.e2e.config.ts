import { defineConfig } from 'vitest/config';

// Browser tests against a running Guidelab (GUIDELAB_URL), started by the Maven build's
// DashboardBrowserTest on embedded Kafka and PostgreSQL. One browser, tests in file order.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
