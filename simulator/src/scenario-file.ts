import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Scenario } from './scenario.js'
import type { SimulatorAddress } from './index.js'

/**
 * A scenario written as a JSON file (`npm run simulator -- scenario.json`). The simulator's port is chosen when
 * it starts, so a file cannot know it: every `{{registry}}` in a string becomes the simulator's registry host
 * (`127.0.0.1:PORT`) and every `{{url}}` its base URL. Images on an ECR host (`ACCOUNT.dkr.ecr.REGION.amazonaws.com/…`)
 * need no placeholder: the action reads them through the ECR API, which the simulator serves.
 */

export const REGISTRY_PLACEHOLDER = '{{registry}}'
export const URL_PLACEHOLDER = '{{url}}'

export function parseScenarioFile(text: string, name: string): (address: SimulatorAddress) => Scenario {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new Error(`${name}: not JSON (${(error as Error).message})`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${name}: a scenario is a JSON object`)
  }
  return address => fillPlaceholders(parsed, address) as Scenario
}

export function readScenarioFile(file: string): (address: SimulatorAddress) => Scenario {
  return parseScenarioFile(readFileSync(path.resolve(file), 'utf8'), file)
}

function fillPlaceholders(value: unknown, address: SimulatorAddress): unknown {
  if (typeof value === 'string')
    return value
      .split(REGISTRY_PLACEHOLDER)
      .join(address.registryHost)
      .split(URL_PLACEHOLDER)
      .join(address.url)
  if (Array.isArray(value)) return value.map(item => fillPlaceholders(item, address))
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        fillPlaceholders(key, address) as string,
        fillPlaceholders(item, address)
      ])
    )
  return value
}
