/**
 * Two projects, run together by `npm test` (one pool of workers, the slowest files first) or alone by
 * `npm run test:unit` and `npm run test:slow`:
 * - unit: plain functions over plain data, in-process; seconds, no network, no bundle.
 * - slow: the simulator's own tests, the integration tests (the rollout against the simulator) and the e2e tests
 *   (the bundle, `node dist/index.js`, on Node 24 against the simulator). Their global setup makes sure dist/ is
 *   the build of src/ and fetches Node 24 once (__tests__/support/slow-tests-setup.ts).
 * Jest runs the TypeScript sources as native ESM through SWC (no type-check here; `npm run typecheck` does that).
 */
// engines asks for Node 22 or newer, and npm ci says so on an older Node; the AWS SDK's own warning about
// Node 20 would repeat that in every test worker that creates a client (the action itself runs on Node 24).
globalThis.process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const typescript = {
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
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' }
}

export default {
  projects: [
    {
      ...typescript,
      displayName: 'unit',
      testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts']
    },
    {
      ...typescript,
      displayName: 'slow',
      testMatch: [
        '<rootDir>/simulator/__tests__/**/*.test.ts',
        '<rootDir>/__tests__/integration/**/*.test.ts',
        '<rootDir>/__tests__/e2e/**/*.test.ts'
      ],
      globalSetup: '<rootDir>/__tests__/support/slow-tests-setup.ts'
    }
  ],
  testTimeout: 120000,
  // Three on two cores: most of the slow tests wait on the simulator or a deadline, not on the CPU.
  maxWorkers: 3,
  // A worker ends when nothing holds its event loop: keep-alive sockets to a simulator already closed go within
  // a few seconds (undici's 4 s keep-alive). Jest's 500 ms default force-exits a worker that is merely slow on a
  // loaded 2-core machine, with a warning; a handle that never goes is still force-exited, and still warned of.
  workerGracefulExitTimeout: 10000
}
