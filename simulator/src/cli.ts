import { startSimulator } from './index.js'
import type { Scenario } from './scenario.js'
import { readScenarioFile } from './scenario-file.js'
import type { SimulatorAddress } from './index.js'

/**
 * `npm run -s simulator -- [scenario.json]`: starts the simulator, prints the environment to export (stdout, so
 * `npm run -s simulator -- file.json > simulator.env` can be sourced) and runs until interrupted. Notes go to
 * stderr. Besides what the action needs (sim.env), it prints SIMULATOR_URL and SIMULATOR_REGISTRY_HOST for the
 * inputs that name the simulator (`health-url`, an `image` on its registry).
 */

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}

async function main(): Promise<void> {
  let scenario: (address: SimulatorAddress) => Scenario
  try {
    const file = process.argv[2]
    scenario = file ? readScenarioFile(file) : () => ({})
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
  const env = { ...sim.env, SIMULATOR_URL: sim.url, SIMULATOR_REGISTRY_HOST: sim.registryHost }
  for (const [name, value] of Object.entries(env))
    process.stdout.write(`export ${name}=${shellQuote(value)}\n`)
  const stop = (): void => {
    process.stderr.write(`Stopping after ${sim.calls.length} calls.\n`)
    void sim.stop().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

void main()
