import { describe, expect, it } from '@jest/globals'
import {
  formatProblem,
  lintWorkflow,
  lintWorkflowFiles,
  workflowFiles
} from '../../../scripts/lint-workflows.js'

/** The workflows CI runs and the ones users copy pass actionlint; a broken workflow does not. */

const VALID = `name: ok
on:
  pull_request:
permissions:
  contents: read
jobs:
  plan:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v5
      - id: deploy
        uses: ./
        with:
          mode: plan
      - run: echo "\${{ steps.deploy.outputs.result }} \${{ vars.AWS_REGION }}"
`

function withJob(job: string): string {
  return `on: push\njobs:\n  deploy:\n${job}`
}

describe('workflow lint (actionlint)', () => {
  it('finds the workflows in .github/workflows and examples', () => {
    const files = workflowFiles()
    expect(files).toContain('.github/workflows/ci.yml')
    expect(files).toEqual(
      expect.arrayContaining(['examples/bump.yml', 'examples/deploy.yml', 'examples/plan.yml'])
    )
  })

  it("passes the repository's workflow files", async () => {
    const problems = await lintWorkflowFiles(workflowFiles())
    expect(problems.map(formatProblem)).toEqual([])
  })

  it('passes a valid workflow that uses current runner labels and contexts', async () => {
    expect(await lintWorkflow(VALID, 'valid.yml')).toEqual([])
  })

  it('rejects an unknown key', async () => {
    const problems = await lintWorkflow(
      withJob('    runs-on: ubuntu-latest\n    stepz: []\n    steps:\n      - run: "true"\n'),
      'x.yml'
    )
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'x.yml',
        line: 5,
        kind: 'syntax-check',
        message: expect.stringContaining('"stepz"')
      })
    ])
  })

  it('rejects an unknown runs-on label', async () => {
    const problems = await lintWorkflow(
      withJob('    runs-on: ubuntu-latst\n    steps:\n      - run: "true"\n'),
      'x.yml'
    )
    expect(problems).toEqual([
      expect.objectContaining({
        line: 4,
        kind: 'runner-label',
        message: expect.stringContaining('"ubuntu-latst"')
      })
    ])
  })

  it('rejects an invalid expression and an undefined step output', async () => {
    const broken = await lintWorkflow(
      withJob('    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.sha == }}"\n'),
      'x.yml'
    )
    expect(broken).toEqual([expect.objectContaining({ line: 6, kind: 'expression' })])

    const missingStep = await lintWorkflow(
      withJob(
        '    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ steps.deploy.outputs.version }}"\n'
      ),
      'x.yml'
    )
    expect(missingStep).toEqual([
      expect.objectContaining({ kind: 'expression', message: expect.stringContaining('"deploy"') })
    ])
  })

  it('formats a problem as file:line:column', () => {
    expect(formatProblem({ file: 'a.yml', line: 3, column: 7, message: 'bad', kind: 'syntax-check' })).toBe(
      'a.yml:3:7: bad [syntax-check]'
    )
  })
})
