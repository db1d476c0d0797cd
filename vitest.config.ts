import { defineConfig } from 'vitest/config';

// One Vitest project per package (each folder has its own vitest.config.ts),
// plus the cross-package suites in test/. `pnpm test` runs them all.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'test'],
  },
});
