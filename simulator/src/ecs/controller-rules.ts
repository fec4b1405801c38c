import { invalidParameter } from './errors.js'
import type { CapacityProviderStrategyItem, ServiceRecord, TaskDefinitionRecord } from './model.js'

type Json = Record<string, unknown>

/**
 * What UpdateService may change on a service whose deployment controller is not ECS's rolling one, and when a
 * capacity provider strategy change needs a new deployment.
 */

/**
 * A CODE_DEPLOY service changes its tasks only through CodeDeploy: UpdateService refuses a new task definition
 * and forceNewDeployment (the messages ECS answers, as users quote them in aws/aws-cdk#25777 and boto3#1936).
 */
export function refuseCodeDeployUpdate(
  service: ServiceRecord,
  input: Json,
  taskDefinition: TaskDefinitionRecord | undefined
): void {
  if (taskDefinition !== undefined && taskDefinition.arn !== service.deployments[0]?.taskDefinitionArn) {
    throw invalidParameter(
      'Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.'
    )
  }
  if (input.forceNewDeployment === true) {
    throw invalidParameter(
      'Cannot force a new deployment on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.'
    )
  }
}

/**
 * The UpdateService API reference: "For services using an external deployment controller, you can update only
 * the desired count, task placement constraints and strategies, health check grace period, enable ECS managed
 * tags option, and propagate tags option, using this API. If the launch type, load balancer, network
 * configuration, platform version, or task definition need to be updated, create a new task set."
 */
const EXTERNAL_UPDATABLE = new Set([
  'cluster',
  'service',
  'desiredCount',
  'placementConstraints',
  'placementStrategy',
  'healthCheckGracePeriodSeconds',
  'enableECSManagedTags',
  'propagateTags'
])

/**
 * ECS's wording for this refusal is not published; the simulator answers InvalidParameterException in the form
 * of its CODE_DEPLOY refusals, naming the members it cannot update.
 */
export function refuseExternalUpdate(input: Json): void {
  const refused = Object.keys(input).filter(
    member =>
      !EXTERNAL_UPDATABLE.has(member) &&
      input[member] !== undefined &&
      !(member === 'forceNewDeployment' && input[member] === false)
  )
  if (refused.length > 0) {
    throw invalidParameter(
      `Unable to update ${refused.join(', ')} on services with an EXTERNAL deployment controller. Create a new task set to change the launch type, load balancer, network configuration, platform version or task definition.`
    )
  }
}

/**
 * ECS refuses a capacity provider strategy change without forceNewDeployment, with this message (as users quote
 * it in kayac/ecspresso#481 and #977, reproio/ecs_deploy#75, pipe-cd/pipecd#6385). Returning to the launch type
 * (an empty list) is a change too; the same strategy again (in any order) is not.
 */
export const STRATEGY_CHANGE_NEEDS_FORCE =
  'When switching from launch type to capacity provider strategy on an existing service, or making a change to a capacity provider strategy on a service that is already using one, you must force a new deployment.'

export function requireForceForStrategyChange(
  service: ServiceRecord,
  strategy: CapacityProviderStrategyItem[] | undefined,
  forceNewDeployment: unknown
): void {
  if (strategy === undefined || forceNewDeployment === true) return
  if (sameStrategy(service.capacityProviderStrategy ?? [], strategy)) return
  throw invalidParameter(STRATEGY_CHANGE_NEEDS_FORCE)
}

function sameStrategy(
  current: CapacityProviderStrategyItem[],
  next: CapacityProviderStrategyItem[]
): boolean {
  const key = (items: CapacityProviderStrategyItem[]) =>
    items
      .map(item => `${item.capacityProvider}/${item.weight}/${item.base}`)
      .sort()
      .join(',')
  return key(current) === key(next)
}

/**
 * The developer guide ("Update the deployment strategy from Amazon ECS blue/green to rolling", and the way back):
 * "If the service has a deployment in progress, you can't migrate it to a rolling deployment. Wait for all current
 * deployments to finish". The simulator refuses any change of `strategy` while a deployment is IN_PROGRESS, in
 * either direction (the reading worse for a caller).
 */
export function refuseStrategyChangeDuringDeployment(service: ServiceRecord, input: Json): void {
  const requested = (input.deploymentConfiguration as Json | undefined)?.strategy
  if (requested === undefined) return
  const current = service.deploymentConfiguration.extra.strategy ?? 'ROLLING'
  if (requested === current) return
  const inProgress = service.deployments.find(deployment => deployment.rolloutState === 'IN_PROGRESS')
  if (inProgress)
    throw invalidParameter(
      `The deployment strategy cannot be changed while a deployment is in progress (${inProgress.id}). Wait for the current deployment to finish.`
    )
}
