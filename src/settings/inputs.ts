import * as core from '@actions/core'

/** Every input action.yml declares, as the raw strings the runner passed. */
export const INPUT_NAMES = [
  'mode',
  'cluster',
  'service',
  'task-definition',
  'container-name',
  'version',
  'version-file',
  'image',
  'variant',
  'release-repository',
  'pin-digest',
  'secrets',
  'environment',
  'desired-count',
  'migration',
  'timeout-minutes',
  'rollback',
  'allow-downgrade',
  'health-url',
  'github-token',
  'comment',
  'min-release-age-days',
  'dry-run',
  'db-snapshot',
  'db-identifier',
  'settings-file'
] as const

export type InputName = (typeof INPUT_NAMES)[number]
export type RawInputs = Record<InputName, string>

/** The one place that reads `core.getInput`. The token is masked before anything could print it. */
export function readInputs(): RawInputs {
  const raw = {} as RawInputs
  for (const name of INPUT_NAMES) raw[name] = core.getInput(name)
  const token = raw['github-token']
  // The runner masks a value line by line only if told each line: a token with a line break is masked whole and
  // by line, before parseSettings refuses it.
  if (token)
    for (const part of new Set([token, ...token.split(/\r\n|\r|\n/)])) if (part.trim()) core.setSecret(part)
  return raw
}
