import { fileURLToPath } from 'node:url';

/**
 * The Jest configuration every @cbapi package uses: ESM ts-jest, tests resolved against
 * workspace sources (the `@cbapi/source` export condition, so no pre-build is needed) and
 * no network except loopback (see setup.js).
 *
 * @param {import('jest').Config} [overrides]
 * @returns {import('jest').Config}
 */
export function createJestConfig(overrides = {}) {
  return {
    testEnvironment: 'node',
    testEnvironmentOptions: { customExportConditions: ['@cbapi/source', 'node', 'node-addons'] },
    extensionsToTreatAsEsm: ['.ts'],
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    transform: {
      '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.test.json' }],
    },
    testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
    setupFilesAfterEnv: [fileURLToPath(new URL('./setup.js', import.meta.url))],
    testTimeout: 30_000,
    ...overrides,
  };
}
