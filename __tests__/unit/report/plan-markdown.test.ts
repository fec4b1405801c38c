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
import {
  foreignLinks,
  htmlTags,
  liveReferences,
  proseOf,
  renderMarkdown,
  renderWithAutolinks,
  tableShapes
} from '../../support/github-markdown.js'

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

describe('renderPlanMarkdown', () => {
  it('shows the version change, migrations, rollout, checks, secrets by ARN and the diff', async () => {
    const markdown = renderPlanMarkdown(await plan())
    expect(markdown).toContain('## Open WebUI deploy plan: open-webui on prod')
    expect(markdown).toContain(
      '**v0.6.5 → v0.6.7** · database migrations: **yes** (1 new revision: `9f0c9cd09105_add_note_table.py`) · 2 tasks'
    )
    expect(markdown).toContain('Expect a short outage.')
    expect(markdown).toMatch(/\| Version \| v0\.6\.5 \| v0\.6\.7 \|/)
    expect(markdown).toContain(`| Digest | – | ${DIGEST} |`)
    expect(markdown).toMatch(/\| Released \| 2025-06-10 \| 2025-06-27 \|/)
    expect(markdown).toContain('| 2 | migrator | Start 1 migrator task of v0.6.7 (ENABLE_DB_MIGRATIONS=true)')
    expect(markdown).toContain('| Cluster | ✅ OK | prod is ACTIVE |')
    expect(markdown).toContain(`| \`REDIS_URL\` | \`${SECRET_PREFIX}open-webui/redis-AbCdEf\` |`)
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
      await plan(
        { secrets: 'DATABASE_URL=open-webui/db\nWEBUI_SECRET_KEY=open-webui/key' },
        { runningSecrets: [], healthCheck: false }
      )
    )
    expect(markdown).toContain(
      '> [!CAUTION]\n> Deploy will refuse this plan: 1 error below must be fixed first.'
    )
    expect(markdown).toContain('- ❌ Error **No REDIS_URL** (`redis-missing`)')
    expect(markdown).toContain('  Fix: Add REDIS_URL=')
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
    const html = renderWithAutolinks(markdown)
    // The plan's own collapsible diff is the only HTML element: no hostile name closes it or adds one.
    expect(htmlTags(html, ['details', 'summary', 'img', 'script'])).toEqual([
      '<details>',
      '<summary>',
      '</summary>',
      '</details>'
    ])
    expect(liveReferences(proseOf(html))).toEqual([])
    expect(foreignLinks(html)).toEqual([])
    expect(html).toContain('&lt;img')
    // Identifiers are code, shown exactly: the hostile secret name and the hostile ARN's pipe included.
    expect(html).toContain('<code>X&lt;/details&gt;@admin</code>')
    expect(html).toContain('<code>arn:aws:ssm:us-east-1:123456789012:parameter/&lt;/details&gt;')
    expect(html).toMatch(/<code>arn:aws:ssm:[^<]*```` \[x\]\(javascript:alert\(1\)\) \| \*\*bold\*\*<\/code>/)
    expect(markdown).toContain(`"value": ${JSON.stringify(HOSTILE)}`)
    // Every table keeps its columns: pipes inside cells are escaped.
    for (const shape of tableShapes(html)) expect(new Set(shape).size).toBe(1)
    expect(tableShapes(html).length).toBeGreaterThanOrEqual(4)
  })

  it('never shows a secret-looking plain value', async () => {
    const markdown = renderPlanMarkdown(await plan({ environment: 'OPENAI_API_KEY=CANARY-sk-plain' }))
    expect(markdown).not.toContain('CANARY')
    expect(markdown).toContain('OPENAI_API_KEY is plain environment')
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
    // The cut leaves no fence open: the footer after the diff is text again, not code.
    const html = renderMarkdown(cut)
    expect(htmlTags(html, ['details'])).toEqual(['<details>', '</details>'])
    expect(html).toMatch(/<sub>Plan hash <code>[0-9a-f]{64}<\/code>/)
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
