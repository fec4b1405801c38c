import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { AWS_SERVICES } from '../src/aws/catalogue.js'
import { resolveShape, type ApiModel, type Shape } from '../src/aws/model/api-model.js'

/** The recorded models (scripts/record-api-models.ts) and what the simulator relies on in them. */

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
}

function structure(model: ApiModel, name: string): Shape {
  const shape = resolveShape(model, { shape: name })
  expect(shape.type).toBe('structure')
  return shape
}

function enumOf(model: ApiModel, declared: Shape | undefined): string[] | undefined {
  return declared ? resolveShape(model, declared).enum : undefined
}

describe('the recorded API models', () => {
  it('come from the SDK clients the action depends on, and agree with the catalogue', () => {
    for (const spec of Object.values(AWS_SERVICES)) {
      const { source, metadata } = spec.model
      expect(Object.keys(packageJson.dependencies)).toContain(source.package)
      expect(source.version).toMatch(/^3\.\d+\.\d+$/)
      expect(metadata.protocol).toBe(spec.protocol)
      expect(metadata.targetPrefix).toBe(spec.targetPrefix)
    }
    expect(Object.keys(packageJson.devDependencies)).not.toContain('aws-sdk')
  })

  it('resolve every shape reference', () => {
    for (const spec of Object.values(AWS_SERVICES)) {
      const unresolved: string[] = []
      const visit = (shape: Shape | undefined): void => {
        if (!shape) return
        if (shape.shape !== undefined && !spec.model.shapes[shape.shape]) unresolved.push(shape.shape)
        for (const member of Object.values(shape.members ?? {})) visit(member)
        visit(shape.member)
        visit(shape.key)
        visit(shape.value)
      }
      for (const operation of Object.values(spec.model.operations)) {
        visit(operation.input)
        visit(operation.output)
      }
      for (const shape of Object.values(spec.model.shapes)) visit(shape)
      expect({ service: spec.service, unresolved }).toEqual({ service: spec.service, unresolved: [] })
    }
  })

  it('hold the ECS deployment strategies, lifecycle hooks and service-deployment operations of 2025', () => {
    const ecs = AWS_SERVICES.ecs.model
    const deploymentConfiguration = structure(ecs, 'DeploymentConfiguration')
    expect(Object.keys(deploymentConfiguration.members ?? {})).toEqual(
      expect.arrayContaining([
        'deploymentCircuitBreaker',
        'maximumPercent',
        'minimumHealthyPercent',
        'alarms',
        'strategy',
        'bakeTimeInMinutes',
        'lifecycleHooks',
        'linearConfiguration',
        'canaryConfiguration'
      ])
    )
    expect(enumOf(ecs, deploymentConfiguration.members?.strategy)).toEqual(
      expect.arrayContaining(['ROLLING', 'BLUE_GREEN', 'LINEAR', 'CANARY'])
    )
    for (const operation of [
      'ListServiceDeployments',
      'DescribeServiceDeployments',
      'StopServiceDeployment'
    ]) {
      expect(ecs.operations[operation]?.input).toBeDefined()
    }
    const stop = structure(ecs, 'StopServiceDeploymentRequest')
    expect(stop.required).toEqual(['serviceDeploymentArn'])
    expect(enumOf(ecs, stop.members?.stopType)).toEqual(expect.arrayContaining(['ABORT', 'ROLLBACK']))
    expect(enumOf(ecs, structure(ecs, 'CreateServiceRequest').members?.launchType)).toEqual(
      expect.arrayContaining(['FARGATE', 'EC2'])
    )
  })

  it('keep the awsQuery element names the XML needs', () => {
    const rds = AWS_SERVICES.rds.model
    const snapshots = resolveShape(rds, structure(rds, 'DBSnapshotMessage').members!.DBSnapshots)
    expect(snapshots.member?.locationName).toBe('DBSnapshot')
    const tags = resolveShape(rds, structure(rds, 'AddTagsToResourceMessage').members!.Tags)
    expect(tags.member?.locationName).toBe('Tag')
    expect(AWS_SERVICES.elbv2.model.operations.DescribeTargetGroups.output).toBeDefined()
    expect(AWS_SERVICES.elbv2.model.metadata.xmlNamespace).toBe(
      'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/'
    )
  })

  it('list members in the order the model declares them, as the validation messages follow it', () => {
    const ecs = AWS_SERVICES.ecs.model
    expect(Object.keys(structure(ecs, 'DescribeServicesRequest').members ?? {})).toEqual([
      'cluster',
      'services',
      'include'
    ])
  })
})
