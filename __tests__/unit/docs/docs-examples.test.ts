import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  DOCS_HEALTH_URL,
  measurementsMasked,
  stabilize,
  writeExample
} from '../../../scripts/docs-examples.js'

/** The demo's docs examples are reproducible: two runs that differ only by chance give the same bytes. */
const RUN_A = `| Migrator | ✅ OK | 7.3 s | task da8e680c6dddc14e3205aa11167ab841 HEALTHY; migrated in 5.8 s ([ecs-svc/5608846013815457234](https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/open-webui/deployments/ke8F7EKzwpbC06NhUGS2gA?region=us-east-1)) |
| Health check | ✅ OK | 0.0 s | http://127.0.0.1:33113/openwebui/prod/open-webui/health answered 200 in 18 ms |
| \`b6cea8dc7bb2a016fb9eb0c53fd930ec\` | RUNNING | 2026-12-04 22:29:10 |
| 2026-12-04 22:29:11 | has stopped 1 running tasks: (task da8e680c6dddc14e3205aa11167ab841). |
Image ghcr.io/open-webui/open-webui:v0.6.6@sha256:53a3c959700a1dd98acc7c4feb65771bff9a0ecd4da696ab697038558ce8127c
`
const RUN_B = `| Migrator | ✅ OK | 5.7 s | task 50c3e30b3f25ff181d915f8cd08ef437 HEALTHY; migrated in 4.1 s ([ecs-svc/7802922085560741021](https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/open-webui/deployments/tjiPSFFtJc42VcCY1wRL3w?region=us-east-1)) |
| Health check | ✅ OK | 0.1 s | http://127.0.0.1:34471/openwebui/prod/open-webui/health answered 200 in 3 ms |
| \`7df40eb464f571e61da9fa98f1683d4a\` | RUNNING | 2026-12-07 22:38:51 |
| 2026-12-07 22:38:52 | has stopped 1 running tasks: (task 50c3e30b3f25ff181d915f8cd08ef437). |
Image ghcr.io/open-webui/open-webui:v0.6.6@sha256:53a3c959700a1dd98acc7c4feb65771bff9a0ecd4da696ab697038558ce8127c
`

describe('docs examples', () => {
  it('replaces the simulator address and the run’s ids with stable ones, the same id with the same one', () => {
    const a = stabilize(RUN_A, 'http://127.0.0.1:33113/openwebui/prod/open-webui')
    const b = stabilize(RUN_B, 'http://127.0.0.1:34471/openwebui/prod/open-webui')
    expect(a).toContain(`${DOCS_HEALTH_URL}/health`)
    expect(a).not.toMatch(/127\.0\.0\.1|da8e680c|5608846013815457234|ke8F7EKzwpbC06NhUGS2gA/)
    expect(measurementsMasked(a)).toBe(measurementsMasked(b))
    const migrator = /task ([0-9a-f]{32}) HEALTHY/.exec(a)?.[1]
    expect(a).toContain(`(task ${migrator}).`)
    expect(a).toContain('sha256:53a3c959700a1dd98acc7c4feb65771bff9a0ecd4da696ab697038558ce8127c')
  })

  it('keeps the committed file when a new run differs only in what it measured, and writes a real change', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'docs-examples-')), 'job-summary.md')
    expect(writeExample(file, RUN_A, 'http://127.0.0.1:33113/openwebui/prod/open-webui')).toBe(true)
    const committed = readFileSync(file, 'utf8')
    expect(writeExample(file, RUN_B, 'http://127.0.0.1:34471/openwebui/prod/open-webui')).toBe(false)
    expect(readFileSync(file, 'utf8')).toBe(committed)
    expect(writeExample(file, RUN_B.replace('RUNNING', 'PENDING'), 'http://127.0.0.1:34471')).toBe(true)
    expect(readFileSync(file, 'utf8')).toContain('PENDING')
    writeFileSync(file, committed)
  })
})
