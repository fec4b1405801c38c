import { errorMessage } from '../../errors.js'
import { RolloutFailure } from '../rollout-failure.js'
import type { RolloutView } from '../rollout-run.js'
import {
  decodeRecord,
  encodeRecord,
  recordTagKeys,
  serviceMatchesRecord,
  type SettingsRecord
} from './settings-record.js'

/** The record an earlier rollout left on the service, if any (the tags are read with DescribeServices). */
export async function readSettingsRecord(run: RolloutView): Promise<SettingsRecord | undefined> {
  try {
    const tags = await run.ports.ecs.serviceTags(run.cluster, run.service)
    return tags ? decodeRecord(tags) : undefined
  } catch (error) {
    run.warn(`Could not read the service's tags: ${errorMessage(error)}`)
    return undefined
  }
}

/**
 * Records the user's settings on the service before the rollout changes the first one. Without the record a
 * fault later on could leave rollout-time settings that a re-run takes for the user's, so a failure here stops
 * the rollout before it wrote anything to the service.
 */
export async function writeSettingsRecord(run: RolloutView, record: SettingsRecord): Promise<void> {
  const arn = run.lastService?.serviceArn
  if (run.cancelled)
    throw new RolloutFailure(
      'register',
      'cancelled',
      'Cancelled before the service was changed; it made no change.'
    )
  try {
    if (!arn) throw new Error('the service has no ARN')
    await run.ports.ecs.tagResource(arn, encodeRecord(record))
  } catch (error) {
    throw new RolloutFailure(
      'register',
      'api-error',
      `Could not record the service's settings on the service before changing them (ecs:TagResource on the service): ${errorMessage(error)}`
    )
  }
}

/**
 * Removes the record once the service shows every recorded setting again (read fresh). A setting still off
 * keeps the record, so the next run puts it back; a failed removal only warns.
 */
export async function clearSettingsRecord(run: RolloutView, record: SettingsRecord): Promise<string[]> {
  try {
    const service = await run.ports.ecs.describeService(run.cluster, run.service)
    if (!service?.serviceArn) return ['the service could not be read']
    run.sawService(service)
    const differences = serviceMatchesRecord(service, record)
    if (differences.length > 0) return differences
    const tags = (await run.ports.ecs.serviceTags(run.cluster, run.service)) ?? []
    const keys = recordTagKeys(tags)
    if (keys.length > 0) await run.ports.ecs.untagResource(service.serviceArn, keys)
    return []
  } catch (error) {
    run.warn(`Could not remove the record of the service's settings: ${errorMessage(error)}`)
    return []
  }
}
