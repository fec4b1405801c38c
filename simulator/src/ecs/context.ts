import { randomBytes, randomInt, randomUUID } from 'node:crypto'
import type { World } from '../world.js'
import type { ClusterRecord, TaskDefinitionRecord } from './model.js'

/** Everything the engine's parts share: the world they live in and the state they keep. */
export interface EcsContext {
  world: World
  clusters: Map<string, ClusterRecord>
  /** family -> revisions in order (index = revision - 1). */
  taskDefinitions: Map<string, TaskDefinitionRecord[]>
  nextTaskSeq: number
  /** Fargate spreads a service's tasks over the Region's zones; tasks take them in turn. */
  zoneCursor: number
  /** Epoch ms at simulator time 0. */
  epochBase: number
  /** Alembic revisions applied to the database, in order (database-revisions.ts). */
  appliedRevisions: string[]
  /** CloudWatch alarm states a test set (unset: OK); alarms in a deployment configuration roll back on ALARM. */
  alarmStates: Map<string, 'OK' | 'ALARM'>
  /** What each lifecycle hook (by its target ARN) answers; unset: SUCCEEDED. */
  hookResults: Map<string, 'SUCCEEDED' | 'FAILED' | 'IN_PROGRESS'>
}

export function createContext(world: World): EcsContext {
  return {
    world,
    clusters: new Map(),
    taskDefinitions: new Map(),
    nextTaskSeq: 1,
    zoneCursor: 0,
    epochBase: Date.now() - world.now(),
    appliedRevisions: [],
    alarmStates: new Map(),
    hookResults: new Map()
  }
}

/** JSON 1.1 timestamps are epoch seconds. */
export function epochSeconds(ctx: EcsContext, at: number): number {
  return Math.round(ctx.epochBase + at) / 1000
}

export function taskId(): string {
  return randomBytes(16).toString('hex')
}

/** ECS deployment ids are `ecs-svc/` and 19 digits. */
export function deploymentId(): string {
  let digits = String(randomInt(1, 10))
  while (digits.length < 19) digits += String(randomInt(0, 10))
  return `ecs-svc/${digits}`
}

export function eventId(): string {
  return randomUUID()
}

/** Service deployment ARNs end in an opaque token, unrelated to the deployment id. */
export function serviceDeploymentToken(): string {
  return randomBytes(16).toString('base64url').slice(0, 22)
}

export function nextZone(ctx: EcsContext): string {
  const zone = `${ctx.world.region}${'abc'[ctx.zoneCursor % 3]}`
  ctx.zoneCursor++
  return zone
}
