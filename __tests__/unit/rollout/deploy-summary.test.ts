import { describe, expect, test } from '@jest/globals'
import type { ModeContext } from '../../../src/modes/mode-context.js'
import type { Plan } from '../../../src/domain/plan.js'
import type { Task } from '../../../src/ports/ecs.js'
import type { ServiceModeSettings } from '../../../src/settings/settings.js'
import { rolloutOutcome } from '../../../src/rollout/rollout-outcome.js'
import { RolloutFailure } from '../../../src/rollout/rollout-failure.js'
import { RolloutRun } from '../../../src/rollout/rollout-run.js'
import { captureLog } from '../../support/captured-log.js'
import {
  foreignLinks,
  htmlTags,
  liveReferences,
  proseOf,
  renderWithAutolinks
} from '../../support/github-markdown.js'

const HOSTILE =
  '<img src=x onerror=alert(1)> </details> @octocat #12 | pipe ``` fence [link](https://evil.example)'

function plan(): Plan {
  return {
    cluster: 'prod',
    service: 'open-webui',
    region: 'eu-west-1',
    current: {
      version: '0.6.5',
      taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/open-webui:1',
      desiredCount: 4,
      runningCount: 4,
      deploymentsInProgress: []
    },
    target: {
      version: '0.6.6',
      tag: 'v0.6.6',
      digest: `sha256:${'a'.repeat(64)}`,
      image: `ghcr.io/open-webui/open-webui:v0.6.6@sha256:${'a'.repeat(64)}`
    },
    releaseRange: [],
    migrations: { status: 'true', newRevisions: ['9f0c9cd09105_add_note_table.py'], reason: 'compared tags' },
    strategy: 'migrate',
    desiredCount: 4,
    fleetTaskDefinition: { family: 'open-webui', containerDefinitions: [] },
    migratorTaskDefinition: { family: 'open-webui', containerDefinitions: [] },
    hasHealthCheck: false,
    taskDefinitionDiff: '',
    findings: [],
    checks: [],
    steps: [],
    blocked: false,
    hash: 'x'
  }
}

function context(): ModeContext<ServiceModeSettings> {
  let now = 1_700_000_000_000
  return {
    settings: {
      timeoutMinutes: 30,
      rollback: 'auto',
      containerName: 'open-webui'
    } as ServiceModeSettings,
    ports: {
      clock: { now: () => (now += 100), sleep: async () => undefined }
    } as unknown as ModeContext['ports'],
    log: captureLog(),
    signal: new AbortController().signal
  }
}

function task(index: number, overrides: Partial<Task> = {}): Task {
  return {
    taskArn: `arn:aws:ecs:eu-west-1:123456789012:task/prod/${index.toString(16).padStart(32, '0')}`,
    taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/open-webui:3',
    lastStatus: 'RUNNING',
    healthStatus: 'HEALTHY',
    availabilityZone: 'eu-west-1a',
    startedAt: new Date(Date.UTC(2025, 0, 1)),
    ...overrides
  }
}

describe('the deploy report', () => {
  test('untrusted text from AWS is escaped: no HTML, no mentions, no broken fences or tables', () => {
    const run = new RolloutRun(plan(), context())
    run.fleetTaskDefinitionArn = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/open-webui:3'
    run.migratorTaskDefinitionArn = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/open-webui:2'
    run.sawService({ events: [{ id: '1', createdAt: new Date(), message: HOSTILE }] })
    run.stoppedTasks = [
      task(1, { lastStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: HOSTILE })
    ]
    run.migratorTask = task(2)
    run.migrationLog = {
      group: '/ecs/open-webui',
      stream: 'ecs/open-webui/2',
      lines: [{ timestamp: 1, message: `ERROR Error running migrations: ${HOSTILE}` }],
      errorLine: `ERROR Error running migrations: ${HOSTILE}`,
      upgrades: 0
    }
    run.sawTasks([task(3)])
    const outcome = rolloutOutcome(run, {
      result: 'failed',
      failure: new RolloutFailure('migrator', 'migration-error', `The migrator logged: ${HOSTILE}`)
    })
    const summary = outcome.summary
    // Inside a code fence the text is shown literally; outside it, it must be inert.
    const fence = /^(`{3,})text\n[\s\S]*?\n\1$/m
    expect(summary).toMatch(fence)
    const prose = summary.replace(fence, '')
    expect(prose).not.toContain('<img')
    expect(prose).not.toContain('</details>')
    expect(prose).not.toMatch(/@octocat/)
    expect(prose).not.toMatch(/#12/)
    // The markdown link is inert: GitHub may link the bare URL, which then shows where it leads, but no text
    // of the hostile string leads to another host.
    const html = renderWithAutolinks(summary)
    expect(htmlTags(html, ['img', 'details'])).toEqual([])
    const ours = /^<a href="https:\/\/eu-west-1\.console\.aws\.amazon\.com\//
    expect(foreignLinks(html).filter(link => !ours.test(link))).toEqual([])
    expect(html).toContain('[link](<a href="https://evil.example">https://evil.example</a>)')
    expect(liveReferences(proseOf(html))).toEqual([])
    // Every table row keeps its column count: pipes in the text are escaped.
    for (const line of summary
      .split('\n')
      .filter(row => row.startsWith('| ') && row.includes('EssentialContainerExited'))) {
      expect(line.split(/(?<!\\)\|/).length).toBe(8)
    }
    // The log block's fence is longer than any backtick run inside it.
    expect(summary).toMatch(/^````text$/m)
    expect(outcome.annotations).toEqual([
      expect.objectContaining({ level: 'error', title: 'Deploy failed: migrator' })
    ])
    expect(outcome.failure).toContain('The migrator logged')
  })

  test('a success: headline, phases with durations, version with digest, revisions, tasks, links', () => {
    const run = new RolloutRun(plan(), context())
    run.fleetTaskDefinitionArn = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/open-webui:3'
    run.migratorTaskDefinitionArn = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/open-webui:2'
    const migrator = run.phaseLog.update(run.phaseLog.start('migrator', 0), { deploymentId: 'ecs-svc/77' })
    run.phaseLog.finish(migrator, 'ok', 'task HEALTHY', 12_300)
    run.sawTasks([1, 2, 3, 4].map(index => task(index)))
    const outcome = rolloutOutcome(run, { result: 'deployed', serving: { healthy: 4, desired: 4 } })
    expect(outcome.summary).toContain(
      '### ✅ Open WebUI v0.6.6 deployed to prod/open-webui on 4/4 healthy tasks'
    )
    expect(outcome.summary).toContain(`v0.6.5 → v0.6.6 (\`sha256:${'a'.repeat(12)}\`)`)
    expect(outcome.summary).toContain(
      `| Image | \`ghcr.io/open-webui/open-webui:v0.6.6\`<br>\`@sha256:${'a'.repeat(64)}\` |`
    )
    expect(outcome.summary).toMatch(/^\| Field \| Value \|\n\|---\|---\|\n\| Version \|/m)
    expect(outcome.summary).toContain(
      '`open-webui:1` (before) → `open-webui:2` (migrator) → `open-webui:3` (fleet, migrations off)'
    )
    expect(outcome.summary).toMatch(
      /\| Migrator \| ✅ OK \| 12\.3 s \| task HEALTHY \(\[ecs-svc\/77\]\(https:\/\/eu-west-1\.console\.aws\.amazon\.com\/ecs\/v2\/clusters\/prod\/services\/open-webui\/deployments\?region=eu-west-1\)\) \|/
    )
    expect(outcome.summary).toContain(
      '| `' +
        '1'.padStart(32, '0') +
        '` | open-webui:3 | RUNNING | HEALTHY | eu-west-1a | 2025-01-01 00:00:00 |'
    )
    expect(outcome.summary).toContain(
      '(https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/open-webui/health?region=eu-west-1)'
    )
    expect(outcome.outputs).toEqual({
      version: 'v0.6.6',
      'previous-version': 'v0.6.5',
      image: plan().target.image,
      'task-definition-arn': run.fleetTaskDefinitionArn,
      'migrator-task-definition-arn': run.migratorTaskDefinitionArn,
      'previous-task-definition-arn': 'arn:aws:ecs:eu-west-1:123456789012:task-definition/open-webui:1',
      migrations: 'true',
      result: 'deployed'
    })
    expect(outcome.annotations).toEqual([
      { level: 'notice', title: 'Deployed', message: 'Open WebUI v0.6.6 running on 4/4 healthy tasks' }
    ])
    expect(outcome.failure).toBeUndefined()
  })
})
