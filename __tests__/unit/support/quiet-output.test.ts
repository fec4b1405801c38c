import { describe, expect, it } from '@jest/globals'
import { strayLines } from '../../../scripts/quiet-output.js'

const quietRun = `
> open-webui-ecs-deploy@1.0.0 test
> NODE_OPTIONS='--experimental-vm-modules --disable-warning=ExperimentalWarning' jest

PASS __tests__/unit/plan/plan-markdown.test.ts
PASS __tests__/e2e/dry-run.test.ts (12.345 s)
PASS unit __tests__/unit/arn.test.ts
PASS slow __tests__/e2e/bad-input.test.ts (61.2 s)

Test Suites: 2 passed, 2 total
Tests:       10 passed, 10 total
Snapshots:   0 total
Time:        14.2 s
Ran all test suites.
`

describe('the quiet-output check of npm test', () => {
  it('accepts a run that prints only npm and jest lines, coloured or not', () => {
    expect(strayLines(quietRun)).toEqual([])
    expect(strayLines('\u001b[42m\u001b[30mPASS\u001b[39m\u001b[49m __tests__/a.test.ts\n')).toEqual([])
    // A project's name, as jest prints it on a terminal (reversed, padded).
    expect(
      strayLines(
        '\u001b[42m\u001b[30mPASS\u001b[39m\u001b[49m \u001b[7m unit \u001b[27m __tests__/a.test.ts\n'
      )
    ).toEqual([])
    expect(strayLines('PASS other __tests__/a.test.ts\n')).toEqual(['PASS other __tests__/a.test.ts'])
  })

  it('names warnings, console output and stack traces', () => {
    const noisy = quietRun.replace(
      'PASS __tests__/e2e/dry-run.test.ts (12.345 s)',
      [
        '(node:123) ExperimentalWarning: VM Modules is an experimental feature',
        '  ● Console',
        '    console.warn',
        '      at Object.warn [as cb] (src/github/octokit.ts:27:17)',
        'PASS __tests__/e2e/dry-run.test.ts'
      ].join('\n')
    )
    expect(strayLines(noisy)).toEqual([
      '(node:123) ExperimentalWarning: VM Modules is an experimental feature',
      '  ● Console',
      '    console.warn',
      '      at Object.warn [as cb] (src/github/octokit.ts:27:17)'
    ])
  })
})
