import { describe, expect, it } from '@jest/globals'
import type { Finding } from '../../../src/domain/finding.js'
import { parseImageRepository } from '../../../src/settings/parse-settings.js'
import { renderTaskDefinitions } from '../../../src/taskdef/render-task-definitions.js'
import { imageSourceFindings } from '../../../src/verify/image-source-check.js'
import { lintOpenWebui } from '../../../src/verify/open-webui-lint.js'
import {
  AJUDA_DIGITAL,
  AWS_SAMPLES_BEDROCK,
  HORIZONS_OMNICHAT,
  OPENWEBUI_FARGATE_TEMPLATE,
  SELF_HOST_LLM,
  type RealSetup
} from '../../fixtures/real-task-definitions.js'

const PIN = `:v0.10.2@sha256:${'a'.repeat(64)}`

/**
 * The findings deploy's plan raises for a published task definition (the Open WebUI lint and the image source
 * check over the rendered fleet, as assemblePlan runs them), at the release v0.10.2. `image`: the image input
 * when given, else the default upstream repository.
 */
function findingsFor(setup: RealSetup, options: { image?: string; maxTasks?: number } = {}): Finding[] {
  const repository = parseImageRepository(options.image ?? 'ghcr.io/open-webui/open-webui')
  const baseImage = (setup.taskDefinition.containerDefinitions as { name: string; image: string }[]).find(
    container => container.name === setup.containerName
  )?.image
  const { fleet } = renderTaskDefinitions({
    base: setup.taskDefinition,
    settings: { containerName: setup.containerName, environment: [], secrets: [] },
    image: `${repository.registry}/${repository.repository}${PIN}`,
    secretArns: new Map()
  })
  return [
    ...imageSourceFindings({
      containerName: setup.containerName,
      baseImage,
      fleet,
      image: repository,
      imageGiven: options.image !== undefined
    }),
    ...lintOpenWebui({
      containerName: setup.containerName,
      baseImage,
      fleet,
      environmentInput: [],
      targetVersion: '0.10.2',
      maxTasks: options.maxTasks ?? Math.max(setup.desiredCount, setup.autoScalingMax ?? 0)
    })
  ]
}

function byLevel(findings: Finding[]) {
  const at = (level: Finding['level']) =>
    findings
      .filter(finding => finding.level === level)
      .map(finding =>
        finding.code === 'secret-in-environment'
          ? `${finding.code} ${finding.title.split(' ')[0]}`
          : finding.code
      )
      .sort()
  return { errors: at('error'), warnings: at('warning'), notices: at('notice') }
}

function imageRepositoryOf(setup: RealSetup): string {
  const image = (setup.taskDefinition.containerDefinitions as { name: string; image: string }[]).find(
    container => container.name === setup.containerName
  )!.image
  return image.slice(0, image.lastIndexOf(':'))
}

describe('published Open WebUI task definitions, judged against v0.10.2', () => {
  it('aws-samples (CDK): the DATABASE_URL its command builds is a notice, its credential-free Redis URLs pass', () => {
    expect(byLevel(findingsFor(AWS_SAMPLES_BEDROCK))).toEqual({
      errors: [],
      warnings: [],
      notices: ['database-url-from-command']
    })
  })

  it('horizons-omnichat: one task needs no Redis; its ECR mirror is refused until image names it', () => {
    const expected = {
      warnings: ['chroma-local', 'health-check-path', 'image-tag-moving', 'local-storage'],
      notices: []
    }
    expect(byLevel(findingsFor(HORIZONS_OMNICHAT))).toEqual({
      errors: ['image-repository-mismatch'],
      ...expected
    })
    expect(byLevel(findingsFor(HORIZONS_OMNICHAT, { image: imageRepositoryOf(HORIZONS_OMNICHAT) }))).toEqual({
      errors: [],
      ...expected
    })
  })

  it('terraform-aws-self-host-llm: two tasks and no WEBUI_SECRET_KEY are refused, with its fork named', () => {
    const findings = findingsFor(SELF_HOST_LLM)
    expect(byLevel(findings)).toEqual({
      errors: [
        'database-url-missing',
        'image-repository-mismatch',
        'redis-missing',
        'websocket-manager',
        'webui-secret-key-missing'
      ],
      warnings: ['chroma-local', 'health-check-missing'],
      notices: []
    })
    expect(findings.find(finding => finding.code === 'image-repository-mismatch')?.title).toBe(
      'The task definition runs docker.io/xuyangbo/open-webui, not ghcr.io/open-webui/open-webui'
    )
    // The fork given on purpose: the plan says what replaces what; the key is still missing.
    const given = byLevel(findingsFor(SELF_HOST_LLM, { image: 'ghcr.io/open-webui/open-webui' }))
    expect(given.errors).toContain('webui-secret-key-missing')
  })

  it('ajuda_digital: at two tasks, no WEBUI_SECRET_KEY is refused, and its pasted credentials are named', () => {
    const image = imageRepositoryOf(AJUDA_DIGITAL)
    expect(byLevel(findingsFor(AJUDA_DIGITAL, { image, maxTasks: 2 }))).toEqual({
      errors: [
        'redis-missing',
        'secret-in-environment DATABASE_URL',
        'secret-in-environment GOOGLE_CLIENT_SECRET',
        'secret-in-environment PGVECTOR_DB_URL',
        'secret-in-environment S3_SECRET_ACCESS_KEY',
        'websocket-manager',
        'webui-secret-key-missing'
      ],
      warnings: ['health-check-missing', 'image-tag-moving'],
      notices: []
    })
    // As its guide creates it (one task): the generated key is a warning, Redis is not needed.
    const single = byLevel(findingsFor(AJUDA_DIGITAL, { image }))
    expect(single.errors).not.toContain('webui-secret-key-missing')
    expect(single.errors).not.toContain('redis-missing')
    expect(single.warnings).toContain('webui-secret-key-generated')
  })

  it('OpenWebUIFargate.template: a plain WEBUI_SECRET_KEY, no database, port 80 without PORT', () => {
    expect(
      byLevel(
        findingsFor(OPENWEBUI_FARGATE_TEMPLATE, { image: imageRepositoryOf(OPENWEBUI_FARGATE_TEMPLATE) })
      )
    ).toEqual({
      errors: ['database-url-missing', 'secret-in-environment WEBUI_SECRET_KEY'],
      warnings: [
        'chroma-local',
        'container-port',
        'health-check-missing',
        'image-tag-moving',
        'local-storage'
      ],
      notices: []
    })
  })

  it('never repeats a value the task definitions hold as a credential', () => {
    const text = JSON.stringify(
      [AJUDA_DIGITAL, OPENWEBUI_FARGATE_TEMPLATE].map(setup => findingsFor(setup, { maxTasks: 2 }))
    )
    for (const value of [
      'URL_ENCODED_PASSWORD',
      'your-secret-access-key',
      'your-google-client-secret',
      'your-secret-key-here'
    ])
      expect(text).not.toContain(value)
  })
})
