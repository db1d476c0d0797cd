import { defineConfig } from 'vitest/config';

// Cross-package integration and end-to-end suites. Long-running fault and
// browser suites live here too; each file keeps its own timeouts.
export default defineConfig({
  test: {
    name: 'integration',
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // expect.poll gives up after 1 s by default; on a loaded 2-core CI machine a browser page or a
    // server answer can take longer than that, while the test is still waiting on a real signal.
    expect: { poll: { timeout: 20_000 } },
  },
});
