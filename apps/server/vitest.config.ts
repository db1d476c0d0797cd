import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'server',
    include: ['src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Cheaper password hashing in tests (hashes carry their parameters; production default is 2^15).
    env: { SLUICE_SCRYPT_COST: '12' },
  },
});
