import { describe, expect, it } from '@jest/globals'
import {
  checkActionYml,
  checkRepository,
  checkVersionStory,
  pinnedMajorTags
} from '../../../scripts/action-metadata.js'

const good = `name: Open WebUI ECS Deploy
description: Deploy Open WebUI to AWS ECS/Fargate.
branding:
  icon: upload-cloud
  color: blue
`

describe('action metadata for the Marketplace', () => {
  it('accepts a name, a short description and valid branding', () => {
    expect(checkActionYml(good)).toEqual([])
  })

  it('refuses a description of 125 characters or more, counted as the Marketplace shows it', () => {
    const long = good.replace('Deploy Open WebUI to AWS ECS/Fargate.', `>-\n  ${'word '.repeat(24)}done.`)
    expect(checkActionYml(long)).toEqual([
      'action.yml description is 125 characters; the Marketplace accepts at most 124'
    ])
    const fits = good.replace('Deploy Open WebUI to AWS ECS/Fargate.', 'x'.repeat(124))
    expect(checkActionYml(fits)).toEqual([])
  })

  it('names a missing name, description and branding', () => {
    expect(checkActionYml('inputs: {}\n')).toEqual([
      'action.yml has no name',
      'action.yml has no description',
      'action.yml branding.icon must be a Feather icon name (for example upload-cloud)',
      expect.stringContaining('action.yml branding.color must be one of white, black')
    ])
    expect(checkActionYml(good.replace('color: blue', 'color: teal'))).toHaveLength(1)
  })
})

describe('the first-release story', () => {
  const pins = pinnedMajorTags(
    {
      'README.md': '- uses: acme/open-webui-ecs-deploy@v1\n',
      'examples/plan.yml': 'uses: acme/open-webui-ecs-deploy@v1 # comment\nuses: actions/checkout@v5\n'
    },
    '/open-webui-ecs-deploy'
  )

  it('finds the tags the docs pin, and only for this action', () => {
    expect(pins).toEqual([
      { file: 'README.md', majorTag: 'v1' },
      { file: 'examples/plan.yml', majorTag: 'v1' }
    ])
  })

  it('accepts 1.x releases when the docs pin @v1', () => {
    expect(checkVersionStory('1.0.0', pins)).toEqual([])
    expect(checkVersionStory('1.2.0-rc.1', pins)).toEqual([])
  })

  it('refuses a 0.x version, which would move v0, and a major the docs do not pin', () => {
    expect(checkVersionStory('0.1.0', pins)[0]).toContain('would move v0; the first release is 1.0.0')
    expect(checkVersionStory('2.0.0', pins)).toEqual([
      'README.md tells users to pin @v1, but package.json 2.0.0 releases v2',
      'examples/plan.yml tells users to pin @v1, but package.json 2.0.0 releases v2'
    ])
    expect(checkVersionStory('1.0', pins)).toEqual(["package.json version '1.0' is not X.Y.Z"])
  })

  it('holds for this repository', () => {
    expect(checkRepository()).toEqual([])
  })
})
