import { defineConfig } from 'vitest/config';

// Tests run in an odd time zone on purpose: the product computes dates in Asia/Shanghai explicitly,
// and must not depend on the machine's zone (vxsuite runs its tests in America/Anchorage).
process.env.TZ = 'America/Anchorage';

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['core/**/*.test.ts', 'kiosk/**/*.test.{ts,tsx}', 'device-bridge/**/*.test.ts', 'test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts', 'test/integration/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
