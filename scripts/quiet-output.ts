import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * A passing `npm test` prints only npm's and jest's own lines: a warning, a console line or a stack trace
 * from a passing test hides the one that matters on the day something fails. `.ci/run` keeps the output of
 * its `npm test` and runs `npx tsx scripts/quiet-output.ts FILE`, which lists every other line and fails.
 */

const JEST_LINES = [
  /^$/,
  /^> /, // npm's header: `> name@version test` and the command
  // A file's result, with its project's name (unit, slow) since the suite runs as two jest projects.
  /^(PASS|FAIL) +((unit|slow) +)?\S+( \(\d+(\.\d+)? m?s\))?$/,
  /^Test Suites: /,
  /^Tests: /,
  /^Snapshots: /,
  /^Time: /,
  /^Ran all test suites/
]

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g

export function strayLines(output: string): string[] {
  return output
    .split(/\r?\n/)
    .map(line => line.replace(ANSI, '').trimEnd())
    .filter(line => !JEST_LINES.some(pattern => pattern.test(line)))
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const file = process.argv[2]
  if (!file) {
    console.error('usage: tsx scripts/quiet-output.ts FILE (the output of npm test)')
    process.exit(2)
  }
  const stray = strayLines(readFileSync(file, 'utf8'))
  if (stray.length > 0) {
    console.error(`npm test printed ${stray.length} line(s) that are not jest's own (first 40):`)
    for (const line of stray.slice(0, 40)) console.error(`  ${line}`)
    process.exit(1)
  }
  console.log('npm test printed only jest output')
}
