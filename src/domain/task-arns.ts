import { resourceName } from './arn.js'

/** The short names the action shows for ECS ARNs: in the log, the summary and the tags it reads back. */

/** `arn:aws:ecs:…:task/prod/0123abcd…` -> `0123abcd…`. */
export function taskIdOf(taskArn: string | undefined): string {
  return taskArn === undefined ? '?' : resourceName(taskArn)
}

/** `arn:aws:ecs:…:task-definition/open-webui:12` -> `open-webui:12`. */
export function revisionOf(taskDefinitionArn: string | undefined): string {
  return taskDefinitionArn === undefined ? '?' : resourceName(taskDefinitionArn)
}
