/** The short names the action shows for ECS ARNs: in the log, the summary and the tags it reads back. */

/** `arn:aws:ecs:…:task/prod/0123abcd…` -> `0123abcd…`. */
export function taskIdOf(taskArn: string | undefined): string {
  return taskArn?.split('/').at(-1) ?? '?'
}

/** `arn:aws:ecs:…:task-definition/open-webui:12` -> `open-webui:12`. */
export function revisionOf(taskDefinitionArn: string | undefined): string {
  return taskDefinitionArn?.split('/').at(-1) ?? '?'
}
