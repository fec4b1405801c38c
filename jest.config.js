/** Jest runs the TypeScript sources as native ESM through SWC (no type-check here; `npm run typecheck` does that). */
// engines asks for Node 22 or newer, and npm ci says so on an older Node; the AWS SDK's own warning about
// Node 20 would repeat that in every test worker that creates a client (the action itself runs on Node 24).
globalThis.process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

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
