import { describe, expect, it } from '@jest/globals'
import { parseScenarioFile } from '../src/scenario-file.js'

/** A scenario file cannot know the simulator's port: `{{registry}}` and `{{url}}` stand for it. */
describe('scenario files', () => {
  const address = { url: 'http://127.0.0.1:4321', registryHost: '127.0.0.1:4321' }

  it('puts the registry host and URL in place of the placeholders, in values and keys, at any depth', () => {
    const scenario = parseScenarioFile(
      JSON.stringify({
        ecs: {
          clusters: [
            {
              name: 'prod',
              services: [
                {
                  name: 'open-webui',
                  desiredCount: 2,
                  taskDefinition: {
                    containerDefinitions: [{ image: '{{registry}}/open-webui/open-webui:v0.6.5' }]
                  }
                }
              ]
            }
          ]
        },
        github: {
          repositories: { 'acme/platform': { files: { main: { 'url.txt': '{{url}}/openwebui' } } } }
        },
        seed: 7
      }),
      'scenario.json'
    )(address)
    const service = scenario.ecs!.clusters![0].services![0]
    expect(service.taskDefinition.containerDefinitions).toEqual([
      { image: '127.0.0.1:4321/open-webui/open-webui:v0.6.5' }
    ])
    expect(scenario.github!.repositories!['acme/platform'].files!.main['url.txt']).toBe(
      'http://127.0.0.1:4321/openwebui'
    )
    expect(scenario.seed).toBe(7)
  })

  it('names the file when it is not a JSON object', () => {
    expect(() => parseScenarioFile('[1]', 'list.json')).toThrow('list.json: a scenario is a JSON object')
    expect(() => parseScenarioFile('{', 'broken.json')).toThrow(/^broken\.json: not JSON/)
  })
})
