import { describe, expect, test } from '@jest/globals'
import type { Simulator } from '../../../simulator/src/index.js'
import type { Scenario } from '../../../simulator/src/scenario.js'
import { CLUSTER, SERVICE, TARGET_GROUP_ARN, TARGET_GROUP_NAME } from '../../fixtures/open-webui.js'
import { harness, migrationInvariants, startStandardSimulator } from './simulated-rollout.js'
import { until } from '../../support/timing.js'
import { stopAfterEach } from '../../support/simulator-lifecycle.js'
import { FAST_TIMING } from '../../support/timing.js'

/**
 * The outage of a migrating upgrade behind an Application Load Balancer: drain-seconds lowers the target group's
 * deregistration delay for the drain only, the maintenance page answers while no task serves, and both are gone
 * afterwards on every exit path (a cancel included), a re-run healing what a killed run left.
 */
let sim: Simulator | undefined
stopAfterEach(() => sim)

/** One simulated second lasts 10 ms: the 300 s delay drains in 3 s, drain-seconds 30 in 300 ms. */
const SECOND_MS = 10
const ALB = 'open-webui-alb'

function behindAlb(scenario: Scenario): Scenario {
  return {
    ...scenario,
    timing: { ...FAST_TIMING, secondMs: SECOND_MS },
    loadBalancers: [
      {
        name: ALB,
        listeners: [
          {
            port: 443,
            protocol: 'HTTPS',
            defaultTargetGroup: TARGET_GROUP_NAME,
            rules: [{ priority: 10, pathPatterns: ['/api/*'], targetGroup: TARGET_GROUP_NAME }]
          }
        ]
      }
    ]
  }
}

async function start(): Promise<Simulator> {
  return startStandardSimulator({ desiredCount: 2, deregistrationDelaySeconds: 300 }, behindAlb)
}

function delayNow(sim: Simulator): string | undefined {
  return sim.loadBalancing.byArn(TARGET_GROUP_ARN)!.attributes.get('deregistration_delay.timeout_seconds')
}

function rulesNow(sim: Simulator): string[] {
  const listener = sim.loadBalancers.byName(ALB)!.listeners[0]
  return sim.loadBalancers.orderedRules(listener).map(rule => `${rule.priority ?? 'default'}`)
}

function drainOf(sim: Simulator): number {
  const deactivating = sim.timeline.filter(entry => entry.event === 'DEACTIVATING')
  const stopping = sim.timeline.filter(entry => entry.event === 'STOPPING' && entry.image.includes('v0.6.5'))
  return Math.max(...stopping.map(entry => entry.at)) - Math.min(...deactivating.map(entry => entry.at))
}

describe('drain-seconds', () => {
  test('the delay is 30 s for the drain only, back to 300 s before the migrator starts', async () => {
    sim = await start()
    const run = harness(sim)
    const plan = await run.plan()
    expect(plan.drainSeconds).toBe(30)
    const outcome = await run.rollout(plan)
    if (outcome.result !== 'deployed') throw new Error(`${outcome.failure}\n${run.log.lines.join('\n')}`)
    // The drain lasted about 30 simulated seconds, not 300.
    expect(drainOf(sim)).toBeLessThan(100 * SECOND_MS)
    expect(delayNow(sim)).toBe('300')
    const modifies = sim.calls.filter(call => call.operation === 'ModifyTargetGroupAttributes')
    expect(
      modifies.map(call => (call.request as { Attributes: { Value: string }[] }).Attributes[0].Value)
    ).toEqual(['30', '300'])
    // Restored before the migrator was started: the second change comes before the migrator's UpdateService.
    const restoredAt = modifies[1].at
    const migratorStarted = sim.calls.filter(call => call.operation === 'UpdateService')[1].at
    expect(restoredAt).toBeLessThan(migratorStarted)
    expect(migrationInvariants(sim)).toEqual({ maxMigrators: 1, oldBesideMigrator: false })
    expect(Number(outcome.outputs['outage-seconds'])).toBeGreaterThan(0)
    expect(outcome.summary).toContain('### Outage')
    // The record of the user's settings is gone: every one is back.
    expect(sim.ecs.service(CLUSTER, SERVICE)!.tags.some(tag => tag.key.includes('user-settings'))).toBe(false)
  })

  test('keep leaves the target groups alone', async () => {
    sim = await startStandardSimulator({ desiredCount: 1, deregistrationDelaySeconds: 30 }, behindAlb)
    const outcome = await harness(sim, { 'drain-seconds': 'keep' }).rollout()
    expect(outcome.result).toBe('deployed')
    expect(sim.calls.filter(call => call.operation === 'ModifyTargetGroupAttributes')).toEqual([])
  })

  test('a rolling upgrade never touches them', async () => {
    sim = await start()
    const outcome = await harness(sim, { migration: 'never' }).rollout()
    expect(outcome.result).toBe('deployed')
    expect(sim.calls.filter(call => call.service === 'elbv2' && call.mutating)).toEqual([])
  })
})

describe('maintenance-page', () => {
  test('every request in the outage gets the page, none after it; the rule is gone afterwards', async () => {
    sim = await start()
    const run = harness(sim, { 'maintenance-page': 'true' })
    const answers: { status: number; page: boolean }[] = []
    let polling = true
    const poller = (async () => {
      while (polling) {
        const response = await fetch(`${sim!.loadBalancerUrl(ALB)}/health`)
        const text = await response.text()
        answers.push({ status: response.status, page: text.includes('Open WebUI is upgrading') })
        await new Promise(resolve => setTimeout(resolve, 20))
      }
    })()
    const outcome = await run.rollout()
    polling = false
    await poller
    expect(outcome.result).toBe('deployed')
    expect(rulesNow(sim)).toEqual(['10', 'default'])
    const lastPageAnswer = answers.findLastIndex(answer => answer.page)
    const outage = answers.slice(0, lastPageAnswer + 1).filter(answer => answer.status !== 200)
    expect(outage.length).toBeGreaterThan(0)
    // While no task served, the listener answered with the page (503), never the bare ALB 503.
    expect(outage.every(answer => answer.status === 503 && answer.page)).toBe(true)
    // The page comes down once the migrator's target serves: Open WebUI answers after it, and at the end. Which
    // answer comes first after the page depends on the poller's timing (on a loaded machine it may fall into the
    // fleet step, where the simulator, unlike ECS, may stop the migrator before the fleet's targets pass the
    // load balancer's check), so it is not asserted.
    const lastPage = answers.findLastIndex(answer => answer.page)
    expect(answers.slice(lastPage + 1).some(answer => answer.status === 200 && !answer.page)).toBe(true)
    expect(answers.at(-1)).toEqual({ status: 200, page: false })
  })

  test('a cancel during the drain leaves no rule and the delay restored; a re-run deploys', async () => {
    sim = await start()
    const run = harness(sim, { 'maintenance-page': 'true' })
    const rollout = run.rollout()
    await until(() => sim!.ecs.tasks(CLUSTER, SERVICE).some(task => task.lastStatus === 'DEACTIVATING'))
    expect(rulesNow(sim)).toHaveLength(3)
    run.controller.abort(new Error('cancelled by SIGTERM'))
    const outcome = await rollout
    expect(outcome.result).toBe('failed')
    expect(rulesNow(sim)).toEqual(['10', 'default'])
    expect(delayNow(sim)).toBe('300')
    const again = await harness(sim, { 'maintenance-page': 'true' }).rollout()
    expect(again.result).toBe('deployed')
    expect(rulesNow(sim)).toEqual(['10', 'default'])
    expect(delayNow(sim)).toBe('300')
  })

  test('a re-run removes a page and restores a delay that a killed run left behind', async () => {
    sim = await start()
    // What a job killed mid-drain leaves: the record on the service, the lowered delay, the page's rule.
    const first = harness(sim, { 'maintenance-page': 'true' })
    const dying = first.rollout()
    await until(() => sim!.ecs.tasks(CLUSTER, SERVICE).some(task => task.lastStatus === 'DEACTIVATING'))
    expect(delayNow(sim)).toBe('30')
    // Take the service back as a person would after the job died, leaving the ALB and the record as they are.
    first.controller.abort(new Error('killed'))
    await dying
    const listener = sim.loadBalancers.byName(ALB)!.listeners[0]
    const leftover = sim.loadBalancers.createRule({
      listenerArn: listener.arn,
      priority: 9,
      conditions: [{ Field: 'path-pattern', Values: ['*'] }],
      actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '503', MessageBody: 'x' } }],
      tags: [{ Key: 'open-webui-ecs-deploy:maintenance-page', Value: `${CLUSTER}/${SERVICE}` }]
    })
    sim.loadBalancing.byArn(TARGET_GROUP_ARN)!.attributes.set('deregistration_delay.timeout_seconds', '30')
    const recordTags = sim.ecs
      .service(CLUSTER, SERVICE)!
      .tags.filter(tag => tag.key.includes('user-settings'))
    expect(recordTags.length).toBeGreaterThan(0)
    const again = await harness(sim, { 'maintenance-page': 'true' }).rollout()
    expect(again.result).toBe('deployed')
    expect(sim.loadBalancers.rule(leftover.arn)).toBeUndefined()
    expect(rulesNow(sim)).toEqual(['10', 'default'])
    expect(delayNow(sim)).toBe('300')
  })
})
