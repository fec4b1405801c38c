import { readFileSync } from 'node:fs'
import path from 'node:path'
import { startSimulator } from './index.js'
import type { Scenario } from './scenario.js'

/**
 * `npx tsx simulator/src/cli.ts [scenario.json]`: starts the simulator, prints the environment to export (stdout)
 * and runs until interrupted.
 */
function readScenario(file: string | undefined): Scenario {
  if (!file) return {}
  const text = readFileSync(path.resolve(file), 'utf8')
  const parsed: unknown = JSON.parse(text)
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${file}: a scenario is a JSON object`)
  }
  return parsed as Scenario
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}

async function main(): Promise<void> {
  let scenario: Scenario
  try {
    scenario = readScenario(process.argv[2])
  } catch (error) {
    process.stderr.write(
      `Cannot read the scenario: ${error instanceof Error ? error.message : String(error)}\n`
    )
    process.exit(1)
  }
  const sim = await startSimulator(scenario)
  process.stderr.write(
    `Simulator listening on ${sim.url} (registry host ${sim.registryHost}). Ctrl-C stops it.\n`
  )
  process.stderr.write('Export this environment in the shell that runs the action:\n')
  for (const [name, value] of Object.entries(sim.env))
    process.stdout.write(`export ${name}=${shellQuote(value)}\n`)
  const stop = (): void => {
    process.stderr.write(`Stopping after ${sim.calls.length} calls.\n`)
    void sim.stop().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

void main()
