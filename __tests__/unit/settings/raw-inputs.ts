import { INPUT_NAMES, type RawInputs } from '../../../src/settings/inputs.js'

/** Every input as the runner passes it when the workflow leaves it out: action.yml's defaults or ''. */
export function rawInputs(overrides: Partial<RawInputs> = {}): RawInputs {
  const raw = Object.fromEntries(INPUT_NAMES.map(name => [name, ''])) as RawInputs
  return {
    ...raw,
    mode: 'deploy',
    'container-name': 'open-webui',
    image: '',
    'release-repository': 'open-webui/open-webui',
    'pin-digest': 'true',
    migration: 'auto',
    'timeout-minutes': '30',
    rollback: 'auto',
    'github-token': 'ghs_token',
    comment: 'true',
    'min-release-age-days': '0',
    'dry-run': 'false',
    'db-snapshot': 'none',
    cluster: 'prod',
    service: 'open-webui',
    ...overrides
  }
}
