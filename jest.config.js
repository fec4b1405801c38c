/** Jest runs the TypeScript sources as native ESM through SWC (no type-check here; `npm run typecheck` does that). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
        module: { type: 'es6' }
      }
    ]
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // Warns when src/ is newer than the bundle the e2e tests run (see the file for why it does not rebuild).
  globalSetup: '<rootDir>/__tests__/support/stale-dist.ts',
  testMatch: ['<rootDir>/__tests__/**/*.test.ts', '<rootDir>/simulator/__tests__/**/*.test.ts'],
  testTimeout: 120000,
  maxWorkers: 2
}
