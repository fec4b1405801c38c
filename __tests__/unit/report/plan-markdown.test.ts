import { settingsOf } from '../../support/mode-settings.js'
import { captureLog } from '../../support/captured-log.js'
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { buildPlan } from '../../../src/plan/build-plan.js'
import type { Plan } from '../../../src/domain/plan.js'
import { renderPlanMarkdown } from '../../../src/report/plan-markdown.js'
import type { RawInputs } from '../../../src/settings/inputs.js'
import { parseSettings } from '../../../src/settings/parse-settings.js'
import { rawInputs } from '../settings/raw-inputs.js'
import { DIGEST, SECRET_PREFIX, defaultWorld, fakePorts, type FakeWorld } from '../plan/fake-ports.js'

const SECRETS = 'DATABASE_URL=open-webui/db\nREDIS_URL=open-webui/redis\nWEBUI_SECRET_KEY=open-webui/key'
const HOSTILE =
  '</details><img src=x onerror=alert(1)> @octocat #123 acme/repo#9 ```` [x](javascript:alert(1)) | **bold**'

async function plan(inputs: Partial<RawInputs> = {}, world: Partial<FakeWorld> = {}): Promise<Plan> {
  const settings = settingsOf(
    'deploy',
    parseSettings(rawInputs({ secrets: SECRETS, version: 'latest', ...inputs }), {
      GITHUB_WORKSPACE: mkdtempSync(path.join(tmpdir(), 'plan-md-')),
      AWS_REGION: 'us-east-1'
    })
  )
  return buildPlan({
    settings,
    ports: fakePorts(defaultWorld(world)).ports,
    log: captureLog()
  })
}

/** The markdown outside fenced code blocks, as CommonMark reads it (a fence closes only with as many backticks). */
function outsideCode(markdown: string): string {
  const text: string[] = []
  let fence: string | undefined
  for (const line of markdown.split('\n')) {
    const match = /^(`{3,})/.exec(line)
    if (fence) {
      if (match && match[1].length >= fence.length && line.trim() === match[1]) fence = undefined
      continue
    }
    if (match) {
      fence = match[1]
      continue
    }
    text.push(line)
  }
  expect(fence).toBeUndefined()
  return text.join('\n')
}

describe('renderPlanMarkdown', () => {
  it('shows the version change, migrations, rollout, checks, secrets by ARN and the diff', async () => {
    const markdown = renderPlanMarkdown(await plan())
    expect(markdown).toContain('## Open WebUI deploy plan: open-webui on prod')
    expect(markdown).toContain(
      '**v0.6.5 → v0.6.7** · database migrations: **yes** (1 new revision: 9f0c9cd09105\\_add\\_note\\_table.py) · 2 tasks'
    )
    expect(markdown).toContain('Expect a short outage.')
    expect(markdown).toMatch(/\| Version \| v0\.6\.5 \| v0\.6\.7 \|/)
    expect(markdown).toContain(`| Digest | – | ${DIGEST} |`)
    expect(markdown).toMatch(/\| Released \| 2025-06-10 \| 2025-06-27 \|/)
    expect(markdown).toContain(
      '| 2 | migrator | Start 1 migrator task of v0.6.7 \\(ENABLE\\_DB\\_MIGRATIONS=true\\)'
    )
    expect(markdown).toContain('| Cluster | ✅ OK | prod is ACTIVE |')
    expect(markdown).toContain(
      `| REDIS\\_URL | ${SECRET_PREFIX.replace(/\//g, '\\/')}open-webui\\/redis-AbCdEf |`
    )
    expect(markdown).toMatch(
      /<details><summary>Task definition diff \(running → rendered\)<\/summary>\n\n```diff\n--- running\n\+\+\+ rendered/
    )
    expect(markdown).toContain('[v0.6.6](https://github.com/open-webui/open-webui/releases/tag/v0.6.6)')
    expect(markdown).toContain('No findings')
  })

  it('says no migrations and no outage for a rolling update', async () => {
    const markdown = renderPlanMarkdown(
      await plan({ version: 'v0.6.7' }, { runningImage: 'ghcr.io/open-webui/open-webui:v0.6.6' })
    )
    expect(markdown).toContain('database migrations: **no**')
    expect(markdown).toContain('No outage.')
  })

  it('lists findings with their fixes and says deploy will refuse the plan', async () => {
    const markdown = renderPlanMarkdown(
      await plan({ secrets: 'DATABASE_URL=open-webui/db' }, { runningSecrets: [], healthCheck: false })
    )
    expect(markdown).toContain(
      '> [!CAUTION]\n> Deploy will refuse this plan: 1 error below must be fixed first.'
    )
    expect(markdown).toContain('- ❌ Error **No REDIS\\_URL** (redis-missing)')
    expect(markdown).toContain('  Fix: Add REDIS\\_URL=')
    expect(markdown).toContain('- ⚠️ Warning **No container health check**')
    expect(markdown.indexOf('❌ Error')).toBeLessThan(markdown.indexOf('⚠️ Warning'))
  })

  it('escapes hostile strings from task definitions and images', async () => {
    const result = await plan(
      { environment: `NOTE=${HOSTILE}` },
      {
        runningImage: 'ghcr.io/open-webui/open-webui:v0.6.5',
        runningSecrets: [
          { name: 'X</details>@admin', valueFrom: `arn:aws:ssm:us-east-1:123456789012:parameter/${HOSTILE}` }
        ]
      }
    )
    result.current.image = `evil.example/<img src=x onerror=alert(1)>:@octocat`
    const markdown = renderPlanMarkdown(result)
    const text = outsideCode(markdown)
    expect(text.match(/<\/details>/g)).toHaveLength(1)
    expect(text).not.toMatch(/<img/)
    expect(text).not.toMatch(/@octocat/)
    expect(text).not.toMatch(/@admin/)
    expect(text).not.toMatch(/#123/)
    expect(text).not.toMatch(/\]\(javascript/)
    expect(text).toContain('&lt;img')
    expect(markdown).toContain(`"value": ${JSON.stringify(HOSTILE)}`)
    // Every table row keeps its three columns: pipes inside cells are escaped.
    for (const row of text.split('\n').filter(line => line.startsWith('| Secret')))
      expect(row.split(/(?<!\\)\|/).length).toBe(5)
  })

  it('never shows a secret-looking plain value', async () => {
    const markdown = renderPlanMarkdown(await plan({ environment: 'OPENAI_API_KEY=CANARY-sk-plain' }))
    expect(markdown).not.toContain('CANARY')
    expect(markdown).toContain('OPENAI\\_API\\_KEY is plain environment')
  })

  it('cuts the diff first to fit maxLength, pointing at the job summary', async () => {
    const environment = Array.from({ length: 400 }, (_, index) => `VARIABLE_${index}=${'v'.repeat(80)}`).join(
      '\n'
    )
    const result = await plan({ environment })
    const full = renderPlanMarkdown(result)
    expect(full.length).toBeGreaterThan(30000)
    const cut = renderPlanMarkdown(result, { maxLength: 20000 })
    expect(cut.length).toBeLessThanOrEqual(20000)
    expect(cut).toContain('more diff lines: the job summary of this run has the whole diff.')
    expect(cut).toContain('### Rollout')
    expect(cut).toContain('### Pre-flight checks')
    outsideCode(cut)
    expect(renderPlanMarkdown(result, { maxLength: full.length })).toBe(full)
  })

  it('still fits when even the plan without its diff is too long', async () => {
    const cut = renderPlanMarkdown(await plan(), { maxLength: 500 })
    expect(cut.length).toBeLessThanOrEqual(500)
    expect(cut).toContain('This plan was cut to fit')
  })

  it('says when nothing changes', async () => {
    const markdown = renderPlanMarkdown(
      await plan({ version: 'v0.6.7' }, { runningImage: `ghcr.io/open-webui/open-webui:v0.6.7@${DIGEST}` })
    )
    expect(markdown).toContain('Nothing to deploy')
    expect(markdown).toContain('No change against the running task definition.')
    expect(markdown).toContain('No rollout: deploy reports `unchanged` and writes nothing.')
  })
})
