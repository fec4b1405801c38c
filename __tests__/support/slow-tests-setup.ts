import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { staleDistNotice } from '../../scripts/build-stamp.ts'
import { installActionNode } from './action-node-install.ts'

/**
 * Jest's global setup for the slow tests (simulator, integration, e2e), run once before their first file:
 *
 * - the e2e tests run the bundle, so dist/ must be the build of src/ as it is. A fresh clone's is (the stamp
 *   is committed with it); after an edit in src/ the bundle is rebuilt here, once, instead of letting the e2e
 *   tests pass or fail on other code.
 * - the bundle runs on Node 24, as on the runner: fetched once into a cache outside the clone. In CI a failure
 *   to fetch it fails the run; on a laptop without network the tests run the bundle on the running Node.
 *
 * It prints nothing when all is well: `npm test` shows jest's lines only. Jest loads a global setup through
 * `require`, without the test files' `.js` -> `.ts` mapping: the files it needs are imported by their `.ts` names.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export default function setUpSlowTests(): void {
  const stale = staleDistNotice(ROOT)
  if (stale) {
    try {
      execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'pipe' })
    } catch (error) {
      const output = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error)
      throw new Error(`${stale}, and \`npm run build\` failed:\n${output}`, { cause: error })
    }
  }
  try {
    installActionNode()
  } catch (error) {
    if (process.env.CI) throw error
    process.stderr.write(
      `\n⚠️  Node 24 could not be fetched (${(error as Error).message}): the e2e tests run the bundle on Node ${process.versions.node}.\n\n`
    )
  }
}
