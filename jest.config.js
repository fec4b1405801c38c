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
  testMatch: ['<rootDir>/__tests__/**/*.test.ts', '<rootDir>/simulator/__tests__/**/*.test.ts'],
  testTimeout: 120000,
  maxWorkers: 2
}
