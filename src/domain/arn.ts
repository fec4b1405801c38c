import { build, parse, validate, type ARN } from '@aws-sdk/util-arn-parser'

/**
 * Every ARN the action reads goes through here: the inputs (cluster, service, secrets), the task definition's
 * `valueFrom`, and the ARNs AWS returns (tasks, task definitions, target groups, service deployments), which the
 * log and the summary show by their short names. The AWS SDK's parser splits the six fields; the rules for each
 * field (partition, Region, account) live once, below.
 */
export type Arn = ARN

const PARTITION = /^aws(-[a-z]+)*$/
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/
const ACCOUNT = /^\d{12}$/
/** ECS cluster and service names. */
const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/
/** Characters Secrets Manager allows in a secret name (plus `/` paths). */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]+$/

/** The ARN's fields, or undefined for a name, a partial ARN or an ARN whose partition, Region or account is malformed. */
export function parseArn(value: string | undefined): Arn | undefined {
  if (value === undefined || !validate(value)) return undefined
  const arn = parse(value)
  return PARTITION.test(arn.partition) && REGION.test(arn.region) && ACCOUNT.test(arn.accountId)
    ? arn
    : undefined
}

/**
 * The name an ARN ends with, the last part of its resource path: `…:cluster/prod` -> `prod`,
 * `…:service/prod/open-webui` -> `open-webui`, `…:task-definition/open-webui:12` -> `open-webui:12`,
 * `…:task/prod/0123abcd` -> `0123abcd`. Anything that is not an ARN (a plain name) comes back unchanged.
 */
export function resourceName(nameOrArn: string): string {
  if (!validate(nameOrArn)) return nameOrArn
  const { resource } = parse(nameOrArn)
  return resource.slice(resource.lastIndexOf('/') + 1)
}

/** `cluster/NAME`, `service/CLUSTER/NAME` or the older `service/NAME` of an ECS ARN. */
export interface EcsResourceArn extends Arn {
  kind: 'cluster' | 'service'
  /** The cluster's name: the cluster itself, or the one a `service/CLUSTER/NAME` ARN names. */
  cluster?: string
  name: string
}

export function parseEcsResourceArn(value: string | undefined): EcsResourceArn | undefined {
  const arn = parseArn(value)
  if (arn?.service !== 'ecs') return undefined
  const [kind, ...path] = arn.resource.split('/')
  if (!path.every(part => ECS_NAME.test(part))) return undefined
  if (kind === 'cluster' && path.length === 1) return { ...arn, kind, cluster: path[0], name: path[0] }
  if (kind === 'service' && path.length === 2) return { ...arn, kind, cluster: path[0], name: path[1] }
  if (kind === 'service' && path.length === 1) return { ...arn, kind, name: path[0] }
  return undefined
}

/**
 * A Secrets Manager ARN as ECS's `valueFrom` takes it: `arn:…:secret:NAME-AbCdEf`, optionally followed by
 * `:json-key:version-stage:version-id` (`extra`, as written: the caller decides how many parts it accepts).
 */
export interface SecretArn extends Arn {
  /** The ARN without the parts after the name: what DescribeSecret accepts. */
  secretId: string
  secretName: string
  extra: string[]
}

export function parseSecretArn(value: string | undefined): SecretArn | undefined {
  const arn = parseArn(value)
  if (arn?.service !== 'secretsmanager') return undefined
  const [type, secretName, ...extra] = arn.resource.split(':')
  if (type !== 'secret' || secretName === undefined || !SECRET_NAME.test(secretName)) return undefined
  return { ...arn, secretId: build({ ...arn, resource: `secret:${secretName}` }), secretName, extra }
}

/** `arn:…:elasticloadbalancing:…:targetgroup/NAME/0123abcd` -> `NAME`; anything else unchanged. */
export function targetGroupName(targetGroupArn: string): string {
  const arn = parseArn(targetGroupArn)
  const [type, name] = arn?.resource.split('/') ?? []
  return type === 'targetgroup' && name ? name : targetGroupArn
}
