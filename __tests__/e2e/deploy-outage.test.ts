import { describe, expect, it } from '@jest/globals'
import type { ChildProcess } from 'node:child_process'
import type { Simulator } from '../../simulator/src/index.js'
import { CLUSTER, SERVICE, TARGET_GROUP_ARN, TARGET_GROUP_NAME } from '../fixtures/open-webui.js'
import {
  describeRun,
  expectExit,
  migrationInvariants,
  runDeploy,
  startDeployWorld
} from '../support/deploy-world.js'
import { pause, until } from '../support/timing.js'
import { stopAfterEach } from '../support/simulator-lifecycle.js'

/**
 * The outage of a migrating upgrade on the bundle, behind a simulated Application Load Balancer polled
 * throughout (AWS's 300 s deregistration delay, one simulated second = 5 ms): drain-seconds cuts the drain and
 * the target group's attributes are exactly as before afterwards; the maintenance page answers every request of
 * the outage and none after it, and the listener's rules are exactly as before; a cancel during the drain leaves
 * neither the rule nor the lowered delay, and a re-run deploys.
 */
let sim: Simulator | undefined
stopAfterEach(() => sim)

const ALB = 'open-webui-alb'

async function startBehindAlb(): Promise<Simulator> {
  return startDeployWorld({ deregistrationDelaySeconds: 300, desiredCount: 2 }, scenario => ({
    ...scenario,
    timing: { ...scenario.timing, secondMs: 5 },
    loadBalancers: [
      {
        name: ALB,
        listeners: [
          {
            port: 443,
            protocol: 'HTTPS',
            defaultTargetGroup: TARGET_GROUP_NAME,
            rules: [{ priority: 5, pathPatterns: ['/api/*'], targetGroup: TARGET_GROUP_NAME }]
          }
        ]
      }
    ]
  }))
}

function attributes(world: Simulator): Record<string, string> {
  return Object.fromEntries(world.loadBalancing.byArn(TARGET_GROUP_ARN)!.attributes)
}

function rules(world: Simulator): unknown[] {
  const listener = world.loadBalancers.byName(ALB)!.listeners[0]
  return world.loadBalancers.orderedRules(listener).map(rule => ({ ...rule, tags: [...rule.tags] }))
}

/** A client of the load balancer: one request every 10 ms until stopped. */
function pollAlb(world: Simulator): { stop(): Promise<{ status: number; page: boolean }[]> } {
  const answers: { status: number; page: boolean }[] = []
  let going = true
  const loop = (async () => {
    while (going) {
      const response = await fetch(`${world.loadBalancerUrl(ALB)}/health`)
      const text = await response.text()
      answers.push({ status: response.status, page: text.includes('Open WebUI is upgrading') })
      await pause(10)
    }
  })()
  return {
    async stop() {
      going = false
      await loop
      return answers
    }
  }
}

describe('a migrating upgrade behind a load balancer', () => {
  it('the plan predicts the outage part by part from the live settings, and says a rolling one has none', async () => {
    sim = await startBehindAlb()
    const { run } = await runDeploy(sim, { 'dry-run': 'true', 'maintenance-page': 'true' })
    expectExit(run, 0)
    expect(run.summary).toContain('### Expected outage')
    expect(run.summary).toContain(
      '| Drain | 30 s | drain-seconds 30 s (deregistration delay 300 s of open-webui-tg, lowered for the drain) |'
    )
    // The fixture's container stops in 2 s; the image's size comes from its manifest in the registry.
    expect(run.summary).toContain('| Stop | 2 s | container stopTimeout 2 s |')
    expect(run.summary).toContain('pull of 29 MB at an assumed 50 MB/s')
    expect(run.summary).toContain('| First passing health check | 30 s |')
    expect(run.summary).toContain('the listeners answer with the maintenance page (503)')
    const rolling = await runDeploy(sim, { 'dry-run': 'true', migration: 'never' })
    expect(rolling.run.summary).toContain(
      'No outage: the running tasks serve until the new ones are healthy.'
    )
  })

  it('cuts the drain, shows the page for the whole outage and none after, leaves the ALB as it was', async () => {
    sim = await startBehindAlb()
    const world = sim
    const before = { attributes: attributes(world), rules: rules(world) }
    const client = pollAlb(world)
    const { run, calls } = await runDeploy(world, { 'maintenance-page': 'true' })
    const answers = await client.stop()
    if (run.code !== 0) throw new Error(describeRun(run))
    expectExit(run, 0)

    expect(attributes(world)).toEqual(before.attributes)
    expect(rules(world)).toEqual(before.rules)
    expect(
      calls
        .filter(call => call.operation === 'ModifyTargetGroupAttributes')
        .map(call => (call.request as { Attributes: { Value: string }[] }).Attributes[0].Value)
    ).toEqual(['30', '300'])
    const firstPage = answers.findIndex(answer => answer.page)
    const lastPage = answers.findLastIndex(answer => answer.page)
    // Every request from the first page to the last got the page: no bare 503 of the load balancer in between.
    expect(firstPage).toBeGreaterThanOrEqual(0)
    expect(answers.slice(firstPage, lastPage + 1).every(answer => answer.status === 503 && answer.page)).toBe(
      true
    )
    // Before the page, Open WebUI answered: the page went up before the old tasks stopped serving.
    expect(answers.slice(0, firstPage).every(answer => answer.status === 200)).toBe(true)
    // The page comes down when the migrator's target serves: the next answer is Open WebUI's. (The fleet step
    // after it may answer 503 while the fleet's targets wait for their first check: the simulator's ECS replaces
    // the migrator on container health alone, where ECS waits for the load balancer's check.)
    expect(answers[lastPage + 1]).toEqual({ status: 200, page: false })
    expect(migrationInvariants(world.timeline).oldBesideMigrator).toBe(false)

    expect(Number(run.outputs['outage-seconds'])).toBeGreaterThan(0)
    expect(run.summary).toContain('### Outage')
    expect(run.summary).toMatch(/\| Drain \| .* \| 30 s \|/)
  })

  it('a cancel during the drain leaves no rule and the delay restored; a re-run deploys and leaves them as before', async () => {
    sim = await startBehindAlb()
    const world = sim
    const before = { attributes: attributes(world), rules: rules(world) }
    let child: ChildProcess | undefined
    const cancelling = runDeploy(
      world,
      { 'maintenance-page': 'true' },
      { onSpawn: spawned => (child = spawned), timeoutMs: 60_000 }
    )
    await until(
      () => world.ecs.tasks(CLUSTER, SERVICE).some(task => task.lastStatus === 'DEACTIVATING'),
      30_000
    )
    expect(rules(world)).toHaveLength(3)
    child!.kill('SIGINT')
    await pause(200)
    if (child!.exitCode === null) child!.kill('SIGTERM')
    const cancelled = await cancelling
    expect(cancelled.run.outputs.result).toBe('failed')
    expect(attributes(world)).toEqual(before.attributes)
    expect(rules(world)).toEqual(before.rules)

    const again = await runDeploy(world, { 'maintenance-page': 'true' })
    if (again.run.code !== 0) throw new Error(describeRun(again.run))
    expect(attributes(world)).toEqual(before.attributes)
    expect(rules(world)).toEqual(before.rules)
    expect(world.ecs.service(CLUSTER, SERVICE)!.tags.some(tag => tag.key.includes('user-settings'))).toBe(
      false
    )
  })
})
