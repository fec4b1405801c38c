import { afterEach, describe, expect, test } from '@jest/globals'
import type { AwsError } from '../src/world.js'
import {
  call,
  createTestWorld,
  openWebUiTaskDefinition,
  scenarioWith,
  serviceSeed,
  waitFor,
  type TestWorld
} from './ecs-test-world.js'

type Service = { serviceName: string; status: string; desiredCount: number; currentServiceDeployment: string }
type Brief = { serviceDeploymentArn: string; status: string; targetServiceRevisionArn: string }

let sim: TestWorld
afterEach(() => sim?.ecs.stop())

function errorOf(action: () => unknown): { code?: string; message?: string } {
  try {
    action()
  } catch (error) {
    return error as AwsError
  }
  throw new Error('expected an error')
}

describe('clusters and services', () => {
  test('DescribeClusters and DescribeServices report missing ones under failures', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed()))
    const clusters = await call<{ clusters: { clusterName: string }[]; failures: unknown[] }>(
      sim.ecs,
      'DescribeClusters',
      {
        clusters: ['production', 'staging']
      }
    )
    expect(clusters.clusters.map(cluster => cluster.clusterName)).toEqual(['production'])
    expect(clusters.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/staging', reason: 'MISSING' }
    ])
    const services = await call<{ services: Service[]; failures: unknown[] }>(sim.ecs, 'DescribeServices', {
      cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/production',
      services: ['open-webui', 'tika']
    })
    expect(services.services.map(service => service.serviceName)).toEqual(['open-webui'])
    expect(services.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:service/production/tika', reason: 'MISSING' }
    ])
  })

  /**
   * ECS reads an ARN in the Region of the endpoint it was sent to and refuses one of another Region with
   * `InvalidParameterException: Invalid Region in ARN` instead of looking its name up locally:
   * https://github.com/aws/aws-cli/issues/3175 (RunTask with a us-east-1 cluster ARN against us-east-2) and
   * https://github.com/aws-samples/ecs-bg-external-controller/issues/9 (DescribeServices, same message).
   * A cluster or service ARN of another account names nothing in the caller's account (ECS has no
   * cross-account access to clusters): not found, never the caller's same-named resource.
   */
  test('an ARN of another Region is refused, one of another account names nothing', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed()))
    const foreignRegion = 'arn:aws:ecs:eu-west-1:123456789012:cluster/production'
    const foreignAccount = 'arn:aws:ecs:us-east-1:999999999999:cluster/production'
    for (const [operation, input] of [
      ['DescribeServices', { cluster: foreignRegion, services: ['open-webui'] }],
      ['UpdateService', { cluster: foreignRegion, service: 'open-webui', desiredCount: 3 }],
      ['DescribeClusters', { clusters: [foreignRegion] }],
      [
        'DescribeServices',
        {
          cluster: 'production',
          services: ['arn:aws:ecs:eu-west-1:123456789012:service/production/open-webui']
        }
      ]
    ] as const) {
      expect(errorOf(() => sim.ecs.handle(operation, input))).toMatchObject({
        code: 'InvalidParameterException',
        message: 'Invalid Region in ARN'
      })
    }
    expect(
      errorOf(() =>
        sim.ecs.handle('UpdateService', { cluster: foreignAccount, service: 'open-webui', desiredCount: 3 })
      )
    ).toMatchObject({ code: 'ClusterNotFoundException' })
    const clusters = await call<{ clusters: unknown[]; failures: unknown[] }>(sim.ecs, 'DescribeClusters', {
      clusters: [foreignAccount]
    })
    expect(clusters).toEqual({ clusters: [], failures: [{ arn: foreignAccount, reason: 'MISSING' }] })
    const services = await call<{ services: unknown[]; failures: unknown[] }>(sim.ecs, 'DescribeServices', {
      cluster: 'production',
      services: ['arn:aws:ecs:us-east-1:999999999999:service/production/open-webui']
    })
    expect(services.services).toEqual([])
    expect(sim.ecs.service('production', 'open-webui')!.desiredCount).not.toBe(3)
  })

  test('DescribeServices takes at most 10 services', () => {
    sim = createTestWorld(scenarioWith(serviceSeed()))
    const names = Array.from({ length: 11 }, (_, index) => `service-${index}`)
    expect(
      errorOf(() => sim.ecs.handle('DescribeServices', { cluster: 'production', services: names }))
    ).toMatchObject({
      code: 'InvalidParameterException'
    })
  })

  test('a deleted service drains, turns INACTIVE, and refuses updates', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 2 })))
    sim.ecs.deleteService('production', 'open-webui')
    const draining = await call<{ services: Service[] }>(sim.ecs, 'DescribeServices', {
      cluster: 'production',
      services: ['open-webui']
    })
    expect(draining.services[0]).toMatchObject({ status: 'DRAINING', desiredCount: 0 })
    expect(
      errorOf(() =>
        sim.ecs.handle('UpdateService', { cluster: 'production', service: 'open-webui', desiredCount: 1 })
      )
    ).toMatchObject({ code: 'ServiceNotActiveException' })
    await waitFor(sim.ecs, () => sim.ecs.service('production', 'open-webui')!.status === 'INACTIVE')
    expect(sim.ecs.tasks('production', 'open-webui').every(task => task.lastStatus === 'STOPPED')).toBe(true)
  })

  test('DeleteService refuses a scaled-up service unless forced', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 1 })))
    expect(
      errorOf(() => sim.ecs.handle('DeleteService', { cluster: 'production', service: 'open-webui' }))
    ).toMatchObject({
      code: 'InvalidParameterException'
    })
    const { service } = await call<{ service: Service }>(sim.ecs, 'DeleteService', {
      cluster: 'production',
      service: 'open-webui',
      force: true
    })
    expect(service.status).toBe('DRAINING')
  })

  test('CreateService starts a deployment and reaches a steady state', async () => {
    sim = createTestWorld(scenarioWith())
    await call(sim.ecs, 'RegisterTaskDefinition', openWebUiTaskDefinition('v0.6.6'))
    await call(sim.ecs, 'CreateService', {
      cluster: 'production',
      serviceName: 'tika',
      taskDefinition: 'open-webui',
      desiredCount: 1,
      launchType: 'FARGATE'
    })
    await waitFor(sim.ecs, () =>
      sim.ecs.service('production', 'tika')!.events[0]?.message.endsWith('steady state.')
    )
    expect(sim.ecs.healthyTasks('production', 'tika')).toHaveLength(1)
  })
})

/**
 * Deployment controllers (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentController.html):
 * ECS, CODE_DEPLOY (blue/green through CodeDeploy) and EXTERNAL; ECS services also carry
 * `deploymentConfiguration.strategy` ROLLING, BLUE_GREEN, LINEAR or CANARY
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html). A CODE_DEPLOY
 * service's task definition changes only through CodeDeploy: UpdateService answers InvalidParameterException
 * "Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to
 * trigger a new deployment." (as quoted from ECS in aws/aws-cdk#25777 and boto/boto3#1936).
 */
describe('deployment controllers and strategies', () => {
  test('DescribeServices reports the controller type and the strategy, ECS and ROLLING by default', async () => {
    sim = createTestWorld(
      scenarioWith(
        serviceSeed(),
        serviceSeed({ name: 'blue-green', deploymentConfiguration: { strategy: 'BLUE_GREEN' } }),
        serviceSeed({ name: 'code-deploy', deploymentController: 'CODE_DEPLOY' }),
        serviceSeed({ name: 'external', deploymentController: 'EXTERNAL' })
      )
    )
    const { services } = await call<{
      services: { deploymentController: { type: string }; deploymentConfiguration: { strategy: string } }[]
    }>(sim.ecs, 'DescribeServices', {
      cluster: 'production',
      services: ['open-webui', 'blue-green', 'code-deploy', 'external']
    })
    expect(
      services.map(service => [service.deploymentController.type, service.deploymentConfiguration.strategy])
    ).toEqual([
      ['ECS', 'ROLLING'],
      ['ECS', 'BLUE_GREEN'],
      ['CODE_DEPLOY', 'ROLLING'],
      ['EXTERNAL', 'ROLLING']
    ])
  })

  test('a CODE_DEPLOY service refuses a new task definition and a forced deployment, but takes a count', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ deploymentController: 'CODE_DEPLOY' })))
    await call(sim.ecs, 'RegisterTaskDefinition', openWebUiTaskDefinition('v0.7.0'))
    const update = (input: Record<string, unknown>) => () =>
      sim.ecs.handle('UpdateService', { cluster: 'production', service: 'open-webui', ...input })
    expect(errorOf(update({ taskDefinition: 'open-webui:2' }))).toMatchObject({
      code: 'InvalidParameterException',
      message:
        'Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.'
    })
    expect(errorOf(update({ forceNewDeployment: true }))).toMatchObject({
      code: 'InvalidParameterException',
      message:
        'Cannot force a new deployment on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.'
    })
    const service = sim.ecs.service('production', 'open-webui')!
    expect(service.deployments).toHaveLength(1)
    expect(service.deployments[0].taskDefinitionArn).toMatch(/open-webui:1$/)
    await call(sim.ecs, 'UpdateService', { cluster: 'production', service: 'open-webui', desiredCount: 3 })
    expect(sim.ecs.service('production', 'open-webui')!.desiredCount).toBe(3)
  })
})

describe('service deployments', () => {
  test('list newest first with SUCCESSFUL and IN_PROGRESS, described by ARN', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 1 })))
    await call(sim.ecs, 'RegisterTaskDefinition', openWebUiTaskDefinition('v0.6.6'))
    const { service } = await call<{ service: Service }>(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      taskDefinition: 'open-webui:2'
    })
    const listed = await call<{ serviceDeployments: Brief[] }>(sim.ecs, 'ListServiceDeployments', {
      cluster: 'production',
      service: 'open-webui'
    })
    expect(listed.serviceDeployments.map(record => record.status)).toEqual(['IN_PROGRESS', 'SUCCESSFUL'])
    expect(listed.serviceDeployments[0].serviceDeploymentArn).toBe(service.currentServiceDeployment)
    expect(service.currentServiceDeployment).toMatch(
      /^arn:aws:ecs:us-east-1:123456789012:service-deployment\/production\/open-webui\/[\w-]{22}$/
    )
    await waitFor(
      sim.ecs,
      () => sim.ecs.service('production', 'open-webui')!.deployments[0].rolloutState === 'COMPLETED'
    )
    const described = await call<{
      serviceDeployments: { status: string; finishedAt: number }[]
      failures: unknown[]
    }>(sim.ecs, 'DescribeServiceDeployments', {
      serviceDeploymentArns: [service.currentServiceDeployment, `${service.currentServiceDeployment}x`]
    })
    expect(described.serviceDeployments[0]).toMatchObject({
      status: 'SUCCESSFUL',
      finishedAt: expect.any(Number)
    })
    expect(described.failures).toEqual([{ arn: `${service.currentServiceDeployment}x`, reason: 'MISSING' }])
    const successful = await call<{ serviceDeployments: Brief[] }>(sim.ecs, 'ListServiceDeployments', {
      cluster: 'production',
      service: 'open-webui',
      status: ['SUCCESSFUL']
    })
    expect(successful.serviceDeployments).toHaveLength(2)
  })

  test('a superseded deployment is STOPPED', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 1 })))
    await call(sim.ecs, 'RegisterTaskDefinition', openWebUiTaskDefinition('v0.6.6'))
    await call(sim.ecs, 'RegisterTaskDefinition', openWebUiTaskDefinition('v0.6.7'))
    await call(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      taskDefinition: 'open-webui:2'
    })
    await call(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      taskDefinition: 'open-webui:3'
    })
    const listed = await call<{ serviceDeployments: Brief[] }>(sim.ecs, 'ListServiceDeployments', {
      cluster: 'production',
      service: 'open-webui'
    })
    expect(listed.serviceDeployments.map(record => record.status)).toEqual([
      'IN_PROGRESS',
      'STOPPED',
      'SUCCESSFUL'
    ])
  })
})

describe('migration facts the action relies on', () => {
  test('the timeline tells migration-enabled tasks apart (unset means enabled, as in Open WebUI)', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 1 })))
    await call(sim.ecs, 'RegisterTaskDefinition', openWebUiTaskDefinition('v0.6.6'))
    await call(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      taskDefinition: 'open-webui:2'
    })
    await waitFor(
      sim.ecs,
      () => sim.ecs.service('production', 'open-webui')!.deployments[0].rolloutState === 'COMPLETED'
    )
    const running = sim.world.timeline.filter(entry => entry.event === 'RUNNING')
    expect(
      running.map(entry => [entry.taskDefinitionArn.split(':').at(-1), entry.migrationsEnabled])
    ).toEqual([
      ['1', false],
      ['2', true]
    ])
    expect(running.every(entry => entry.cluster === 'production' && entry.service === 'open-webui')).toBe(
      true
    )
  })

  test('a migration error is logged to the awslogs stream while the task still turns healthy', async () => {
    sim = createTestWorld({
      ...scenarioWith(serviceSeed({ desiredCount: 1 })),
      taskBehaviours: [{ match: { image: 'v0.7.0' }, migrationError: 'relation "chat" already exists' }]
    })
    await call(sim.ecs, 'RegisterTaskDefinition', openWebUiTaskDefinition('v0.7.0', { migrations: 'true' }))
    await call(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      taskDefinition: 'open-webui:2'
    })
    await waitFor(
      sim.ecs,
      () => sim.ecs.service('production', 'open-webui')!.deployments[0].rolloutState === 'COMPLETED'
    )
    const [migrator] = sim.ecs.healthyTasks('production', 'open-webui')
    const lines = sim.logs.get('/ecs/open-webui')!.get(`ecs/open-webui/${migrator.id}`)!
    expect(lines).toContain(
      'ERROR [open_webui.config] Error running migrations: relation "chat" already exists'
    )
    // Alembic logs a revision before running it, so the error follows the upgrade line it failed in.
    const upgrade = lines.findIndex(line => line.includes('Running upgrade'))
    expect(upgrade).toBeGreaterThan(-1)
    expect(upgrade).toBeLessThan(lines.findIndex(line => line.includes('Error running migrations')))
    expect(lines).toContain('INFO:     Application startup complete.')
    expect(migrator.healthStatus).toBe('HEALTHY')
  })

  /**
   * Open WebUI 0.6 (backend/open_webui/internal/db.py, handle_peewee_migration) logs
   * "Failed to initialize the database connection: {e}" and re-raises before Alembic runs; the task then stops as
   * ECS stops a task whose essential container exited: stopCode EssentialContainerExited, stoppedReason
   * "Essential container in task exited", the container's exitCode
   * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-error-codes.html).
   */
  test('a migrator that cannot reach the database logs the connection error, no upgrade, and exits 1', async () => {
    sim = createTestWorld({
      ...scenarioWith(serviceSeed({ desiredCount: 1 })),
      taskBehaviours: [{ match: { image: 'v0.7.0' }, databaseUnreachable: 'connection-refused' }]
    })
    await call(sim.ecs, 'RegisterTaskDefinition', openWebUiTaskDefinition('v0.7.0', { migrations: 'true' }))
    await call(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      taskDefinition: 'open-webui:2',
      deploymentConfiguration: { minimumHealthyPercent: 0, maximumPercent: 100 }
    })
    const stoppedMigrator = () =>
      sim.ecs
        .tasks('production', 'open-webui')
        .find(task => task.taskDefinition.arn.endsWith(':2') && task.lastStatus === 'STOPPED')
    await waitFor(sim.ecs, () => stoppedMigrator() !== undefined)
    const migrator = stoppedMigrator()!
    expect(migrator.startedAt).toBeDefined()
    expect(migrator.stopCode).toBe('EssentialContainerExited')
    expect(migrator.stoppedReason).toBe('Essential container in task exited')
    expect(migrator.appContainer.exitCode).toBe(1)
    expect(migrator.healthyAt).toBeUndefined()
    const lines = sim.logs.get('/ecs/open-webui')!.get(`ecs/open-webui/${migrator.id}`)!
    expect(lines).toContain(
      'Failed to initialize the database connection: connection to server at "openwebui-db.internal" (10.0.12.34), port 5432 failed: Connection refused'
    )
    expect(lines.at(-2)).toMatch(/^peewee\.OperationalError: connection to server .* Connection refused$/)
    expect(
      lines.some(line => /Running upgrade|Running migrations|Context impl|Application startup/.test(line))
    ).toBe(false)
  })

  test('a clean migrator logs alembic upgrades; a fleet task with migrations off logs none', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 1 })))
    const [fleetTask] = sim.ecs.tasks('production', 'open-webui')
    await call(sim.ecs, 'RegisterTaskDefinition', openWebUiTaskDefinition('v0.7.0', { migrations: 'true' }))
    await call(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      taskDefinition: 'open-webui:2'
    })
    await waitFor(
      sim.ecs,
      () => sim.ecs.service('production', 'open-webui')!.deployments[0].rolloutState === 'COMPLETED'
    )
    const [migrator] = sim.ecs.healthyTasks('production', 'open-webui')
    const streams = sim.logs.get('/ecs/open-webui')!
    expect(
      streams
        .get(`ecs/open-webui/${migrator.id}`)!
        .some(line => /\[alembic\.runtime\.migration\] Running upgrade/.test(line))
    ).toBe(true)
    expect(streams.get(`ecs/open-webui/${fleetTask.id}`)!.some(line => line.includes('alembic'))).toBe(false)
  })

  // Alembic's `upgrade head` logs one "Running upgrade <from> -> <to>, <message>" per revision it applies
  // (https://alembic.sqlalchemy.org/en/latest/tutorial.html#running-our-first-migration); the revisions are the
  // release's files, so the log tells the plan's story: the revisions the new tag adds, in chain order.
  test('a migrator logs one alembic upgrade per revision its release adds over the running one, none twice', async () => {
    const dir = 'backend/open_webui/migrations/versions'
    const base = { [`${dir}/7e5b5dc7342b_init.py`]: '', [`${dir}/3ab32c4b8f59_update_tags.py`]: '' }
    sim = createTestWorld({
      ...scenarioWith(serviceSeed({ desiredCount: 1 })),
      github: {
        repositories: {
          'open-webui/open-webui': {
            files: {
              'v0.6.5': base,
              'v0.7.0': {
                ...base,
                [`${dir}/9f0c9cd09105_add_note_table.py`]: '',
                [`${dir}/a1b2c3d4e5f6_add_folder_table.py`]: '',
                [`${dir}/__init__.py`]: ''
              }
            }
          }
        }
      }
    })
    const upgradesOf = async (revision: string): Promise<string[]> => {
      await call(sim!.ecs, 'UpdateService', {
        cluster: 'production',
        service: 'open-webui',
        taskDefinition: revision
      })
      await waitFor(
        sim!.ecs,
        () => sim!.ecs.service('production', 'open-webui')!.deployments[0].rolloutState === 'COMPLETED'
      )
      const [task] = sim!.ecs.healthyTasks('production', 'open-webui')
      return sim!.logs
        .get('/ecs/open-webui')!
        .get(`ecs/open-webui/${task.id}`)!
        .filter(line => line.includes('Running upgrade'))
    }
    await call(sim.ecs, 'RegisterTaskDefinition', openWebUiTaskDefinition('v0.7.0', { migrations: 'true' }))
    expect(await upgradesOf('open-webui:2')).toEqual([
      'INFO  [alembic.runtime.migration] Running upgrade 3ab32c4b8f59 -> 9f0c9cd09105, add note table',
      'INFO  [alembic.runtime.migration] Running upgrade 9f0c9cd09105 -> a1b2c3d4e5f6, add folder table'
    ])
    // The database is at head now: a second migrator of the same release has nothing to apply.
    await call(
      sim.ecs,
      'RegisterTaskDefinition',
      openWebUiTaskDefinition('v0.7.0', { migrations: 'true', family: 'open-webui' })
    )
    expect(await upgradesOf('open-webui:3')).toEqual([])
  })

  test('a seeded service settled before the simulator started: its events are an hour old', () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 1 })))
    const service = sim.ecs.service('production', 'open-webui')!
    expect(service.events.map(event => event.message)).toEqual([
      '(service open-webui) has reached a steady state.',
      expect.stringMatching(/^\(service open-webui\) \(deployment ecs-svc\/\d+\) deployment completed\.$/)
    ])
    for (const event of service.events) expect(event.createdAt).toBeLessThan(-59 * 60_000)
    sim.ecs.tick()
    expect(service.events).toHaveLength(2)
  })

  test('a circuit-breaker rollback to the migrator scales migration-enabled tasks up (the hazard the action avoids)', async () => {
    sim = createTestWorld({
      ...scenarioWith(serviceSeed({ desiredCount: 3 })),
      taskBehaviours: [
        {
          match: { image: 'v0.7.0', environment: { ENABLE_DB_MIGRATIONS: 'false' } },
          startFailure: { stoppedReason: 'boom' }
        }
      ]
    })
    await call(sim.ecs, 'RegisterTaskDefinition', openWebUiTaskDefinition('v0.7.0', { migrations: 'true' }))
    await call(sim.ecs, 'RegisterTaskDefinition', openWebUiTaskDefinition('v0.7.0', { migrations: 'false' }))
    await call(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      taskDefinition: 'open-webui:2',
      desiredCount: 1,
      deploymentConfiguration: { minimumHealthyPercent: 0, maximumPercent: 100 }
    })
    await waitFor(
      sim.ecs,
      () => sim.ecs.service('production', 'open-webui')!.deployments[0].rolloutState === 'COMPLETED'
    )
    await call(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      taskDefinition: 'open-webui:3',
      desiredCount: 3,
      deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200 }
    })
    await waitFor(sim.ecs, () => sim.ecs.healthyTasks('production', 'open-webui').length === 3)
    const migrators = sim.ecs
      .healthyTasks('production', 'open-webui')
      .filter(task => task.plan.migrationsEnabled)
    expect(migrators).toHaveLength(3)
  })
})
