import { containerArn } from './arns.js'
import { epochSeconds, type EcsContext } from './context.js'
import type { TaskRecord } from './model.js'

type Json = Record<string, unknown>

/** A Task as DescribeTasks, RunTask and StopTask return it (Fargate, awsvpc). */
export function taskView(ctx: EcsContext, task: TaskRecord): Json {
  const time = (at: number | undefined) => (at === undefined ? undefined : epochSeconds(ctx, at))
  const attachmentId = task.id.slice(0, 8) + '-attachment'
  return {
    taskArn: task.arn,
    clusterArn: task.cluster.arn,
    taskDefinitionArn: task.taskDefinition.arn,
    overrides: task.overrides,
    lastStatus: task.lastStatus,
    desiredStatus: task.desiredStatus,
    healthStatus: task.healthStatus,
    cpu: task.cpu,
    memory: task.memory,
    containers: task.containers.map(container => ({
      containerArn: containerArn(ctx, task.cluster.name, container.runtimeId),
      taskArn: task.arn,
      name: container.name,
      image: container.image,
      ...(imageDigest(container.image) ? { imageDigest: imageDigest(container.image) } : {}),
      ...(container.lastStatus !== 'PENDING' ? { runtimeId: container.runtimeId } : {}),
      lastStatus: container.lastStatus,
      ...(container.exitCode !== undefined ? { exitCode: container.exitCode } : {}),
      ...(container.reason ? { reason: container.reason } : {}),
      networkBindings: [],
      networkInterfaces: [{ attachmentId, privateIpv4Address: task.privateIp }],
      healthStatus: container.healthStatus,
      cpu: '0'
    })),
    ...(task.startedBy ? { startedBy: task.startedBy } : {}),
    version: task.seq,
    ...(task.stopCode ? { stopCode: task.stopCode } : {}),
    ...(task.stoppedReason ? { stoppedReason: task.stoppedReason } : {}),
    connectivity: task.lastStatus === 'STOPPED' ? 'DISCONNECTED' : 'CONNECTED',
    connectivityAt: time(task.createdAt),
    pullStartedAt: time(task.pullStartedAt),
    pullStoppedAt: time(task.pullStoppedAt),
    executionStoppedAt: time(task.executionStoppedAt),
    createdAt: time(task.createdAt),
    startedAt: time(task.startedAt),
    stoppingAt: time(task.stoppingAt),
    stoppedAt: time(task.stoppedAt),
    group: task.group,
    launchType: 'FARGATE',
    ...(task.capacityProviderName ? { capacityProviderName: task.capacityProviderName } : {}),
    platformVersion: '1.4.0',
    platformFamily: 'Linux',
    availabilityZone: task.availabilityZone,
    attachments: [
      {
        id: attachmentId,
        type: 'ElasticNetworkInterface',
        status: task.lastStatus === 'STOPPED' ? 'DELETED' : 'ATTACHED',
        details: [
          { name: 'subnetId', value: `subnet-${task.availabilityZone.slice(-1)}0000000` },
          { name: 'privateIPv4Address', value: task.privateIp }
        ]
      }
    ],
    attributes: [{ name: 'ecs.cpu-architecture', value: 'x86_64' }],
    tags: task.tags,
    ephemeralStorage: { sizeInGiB: 20 },
    enableExecuteCommand: false
  }
}

function imageDigest(image: string): string | undefined {
  return /@(sha256:[0-9a-f]{64})$/.exec(image)?.[1]
}
