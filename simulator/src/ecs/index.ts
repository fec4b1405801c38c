import type { EcsSeed, TaskBehaviour } from '../scenario.js'
import { AwsError, type AwsJsonService, type World } from '../world.js'
import { clusterName, nameFromReference } from './arns.js'
import { describeClusters, listClusters } from './cluster-operations.js'
import { createContext, type EcsContext } from './context.js'
import { invalidParameter } from './errors.js'
import { requireCluster, requireService } from './lookup.js'
import type { ClusterRecord, DeploymentRecord, ServiceRecord, TaskRecord } from './model.js'
import { seedEcs } from './seed.js'
import { serviceTasks, tick } from './scheduler.js'
import { addServiceEvent, taskList } from './service-events.js'
import { describeServiceDeployments, listServiceDeployments } from './service-deployments.js'
import { stopServiceDeployment } from './stop-service-deployment.js'
import { productionTraffic, type HookStatus } from './lifecycle-deployments.js'
import {
  createService,
  deleteService,
  describeServices,
  drainService,
  listServices,
  updateService
} from './service-operations.js'
import {
  deregisterTaskDefinition,
  describeTaskDefinition,
  listTaskDefinitions,
  registerTaskDefinitionOperation
} from './task-definitions.js'
import { isCountedHealthy, requestStop } from './task-lifecycle.js'
import { describeTasks, listTasks, runTask, stopTask } from './task-operations.js'
import { listTagsForResource, tagResource, untagResource } from './tagging.js'

export type { ClusterRecord, DeploymentRecord, ServiceRecord, TaskRecord } from './model.js'
export { isCountedHealthy } from './task-lifecycle.js'

type Json = Record<string, unknown>

/** The simulated ECS API plus the handles tests use to look inside and to disturb it. */
export interface EcsSimulator extends AwsJsonService {
  /** Advances every task and service to now. The scheduler does it every tick and before every request. */
  tick(): void
  /** Stops the scheduler's timer (the simulator's stop() calls it). */
  stop(): void
  /** Adds clusters and services as a scenario's `ecs` seed does. */
  seed(seed: EcsSeed): void
  /** Replaces the scenario's task behaviours; tasks launched from now on follow them. */
  setTaskBehaviours(behaviours: TaskBehaviour[]): void
  cluster(name: string): ClusterRecord | undefined
  service(cluster: string, service: string): ServiceRecord | undefined
  /** Every task of a service (or of the cluster), stopped ones included, oldest first. */
  tasks(cluster: string, service?: string): TaskRecord[]
  /** The task that holds this private IP and has not stopped (a load balancer's target). */
  taskAt(privateIp: string): TaskRecord | undefined
  /** The service's tasks that a load balancer would send traffic to now. */
  healthyTasks(cluster: string, service: string): TaskRecord[]
  /** Deletes a service (force): it drains (DRAINING) and turns INACTIVE once its tasks are gone. */
  deleteService(cluster: string, service: string): void
  /** Stops one running task as an Auto Scaling scale-in would; with `lowerDesiredCount` the count drops too. */
  scaleIn(
    cluster: string,
    service: string,
    options?: { taskArn?: string; lowerDesiredCount?: boolean }
  ): TaskRecord | undefined
  /**
   * While a reason is set the scheduler cannot place the service's tasks (Fargate capacity, a subnet out of
   * addresses): each attempt is a failed launch and a "was unable to place a task" event. Undefined clears it.
   */
  setPlacementFailure(cluster: string, service: string, reason: string | undefined): void
  /** The deployment with this id, wherever it is (PRIMARY, ACTIVE or gone). */
  deployment(cluster: string, service: string, id: string): DeploymentRecord | undefined
  /** A CloudWatch alarm's state: deployments whose configuration names it (enable, rollback) roll back on ALARM. */
  setAlarmState(alarmName: string, state: 'OK' | 'ALARM'): void
  /** What a deployment lifecycle hook (by hookTargetArn) answers from now on; default SUCCEEDED. */
  setHookResult(hookTargetArn: string, status: HookStatus): void
  /** Share of production traffic per deployment id, as the listener rules weigh it now. */
  productionTraffic(cluster: string, service: string): Record<string, number>
}

type Operation = (ctx: EcsContext, input: Json) => unknown

const operations: Record<string, Operation> = {
  DescribeClusters: describeClusters,
  ListClusters: ctx => listClusters(ctx),
  DescribeServices: describeServices,
  ListServices: listServices,
  CreateService: createService,
  UpdateService: updateService,
  DeleteService: deleteService,
  RegisterTaskDefinition: registerTaskDefinitionOperation,
  DescribeTaskDefinition: describeTaskDefinition,
  DeregisterTaskDefinition: deregisterTaskDefinition,
  ListTaskDefinitions: listTaskDefinitions,
  RunTask: runTask,
  StopTask: stopTask,
  ListTasks: listTasks,
  DescribeTasks: describeTasks,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
  ListServiceDeployments: (ctx, input) => {
    const cluster = requireCluster(ctx, input.cluster)
    return listServiceDeployments(ctx, requireService(cluster, input.service), input)
  },
  DescribeServiceDeployments: (ctx, input) => {
    const arns = (input.serviceDeploymentArns as string[] | undefined) ?? []
    if (arns.length === 0 || arns.length > 20)
      throw invalidParameter('serviceDeploymentArns must hold 1 to 20 ARNs.')
    return describeServiceDeployments(ctx, arns)
  },
  StopServiceDeployment: stopServiceDeployment
}

export function createEcsService(world: World): EcsSimulator {
  const ctx = createContext(world)
  seedEcs(ctx, world.scenario.ecs)
  const timer = setInterval(() => tick(ctx), world.timing.tickMs)
  timer.unref()

  const findService = (cluster: string, service: string) =>
    ctx.clusters.get(clusterName(cluster))?.services.get(nameFromReference(service))

  return {
    handle(operation, input) {
      const run = operations[operation]
      if (!run)
        throw new AwsError('UnknownOperationException', `The simulator does not implement ECS ${operation}.`)
      tick(ctx)
      return run(ctx, input)
    },
    tick: () => tick(ctx),
    stop: () => clearInterval(timer),
    seed: seed => seedEcs(ctx, seed),
    setTaskBehaviours(behaviours) {
      world.scenario.taskBehaviours = behaviours
    },
    cluster: name => ctx.clusters.get(name),
    service: findService,
    tasks(cluster, service) {
      const record = ctx.clusters.get(cluster)
      if (!record) return []
      return service === undefined
        ? [...record.tasks]
        : record.tasks.filter(task => task.service?.name === service)
    },
    taskAt(privateIp) {
      tick(ctx)
      for (const record of ctx.clusters.values()) {
        const task = record.tasks.find(
          candidate => candidate.privateIp === privateIp && candidate.lastStatus !== 'STOPPED'
        )
        if (task) return task
      }
      return undefined
    },
    healthyTasks(cluster, service) {
      tick(ctx)
      const record = findService(cluster, service)
      return record ? serviceTasks(record).filter(isCountedHealthy) : []
    },
    deleteService(cluster, service) {
      const record = findService(cluster, service)
      if (record && record.status !== 'INACTIVE') drainService(record)
    },
    scaleIn(cluster, service, options = {}) {
      tick(ctx)
      const record = findService(cluster, service)
      if (!record) return undefined
      const running = serviceTasks(record).filter(
        task => task.lastStatus === 'RUNNING' && task.desiredStatus === 'RUNNING'
      )
      const task = options.taskArn
        ? running.find(candidate => candidate.arn === options.taskArn)
        : running.at(-1)
      if (!task) return undefined
      if (options.lowerDesiredCount) record.desiredCount = Math.max(0, record.desiredCount - 1)
      const reason = `Scaling activity initiated by (deployment ${task.deployment?.id ?? record.deployments[0]?.id})`
      requestStop(ctx, task, world.now(), 'ServiceSchedulerInitiated', reason)
      record.steady = false
      addServiceEvent(ctx, record, `has stopped 1 running tasks: ${taskList([task])}.`)
      return task
    },
    setPlacementFailure(cluster, service, reason) {
      const record = findService(cluster, service)
      if (record) record.placementFailure = reason
    },
    setAlarmState(alarmName, state) {
      ctx.alarmStates.set(alarmName, state)
    },
    setHookResult(hookTargetArn, status) {
      ctx.hookResults.set(hookTargetArn, status)
    },
    productionTraffic(cluster, service) {
      tick(ctx)
      const record = findService(cluster, service)
      return record ? productionTraffic(record) : {}
    },
    deployment(cluster, service, id) {
      const record = findService(cluster, service)
      if (!record) return undefined
      const known = [...record.deployments, ...record.completedHistory]
      const tasksOf = ctx.clusters.get(clusterName(cluster))?.tasks ?? []
      return (
        known.find(deployment => deployment.id === id) ??
        tasksOf.find(task => task.deployment?.id === id)?.deployment
      )
    }
  }
}
