import { defineConfig } from 'vitest/config'

// Four projects: pure unit tests, integration tests (real SDK against the emulator), the weapp build through
// WeChat's compilers, and UI component tests.
// End-to-end browser tests are run by scripts/e2e.mjs, not by vitest.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node'
        }
      },
      {
        test: {
          name: 'integration',
          include: ['tests/emulator/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false
        }
      },
      {
        // The weapp build (rebuilt when stale) through WeChat's own compilers, and its privacy declarations.
        test: {
          name: 'weapp',
          include: ['tests/weapp/**/*.test.ts'],
          environment: 'node',
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false
        }
      },
      './miniprogram/vitest.config.mts'
    ]
  }
})
