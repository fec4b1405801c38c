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
  // Warns when dist/ is not the bundle of src/ as it is (see the file for why it does not rebuild).
  globalSetup: '<rootDir>/scripts/build-stamp.ts',
  testMatch: ['<rootDir>/__tests__/**/*.test.ts', '<rootDir>/simulator/__tests__/**/*.test.ts'],
  testTimeout: 120000,
  maxWorkers: 2
}
