import { describe, expect, it } from '@jest/globals'
import { parseProxySettings } from '../../../src/network/proxy-settings.js'
import { maskProxyCredentials } from '../../../src/report/mask-credentials.js'

function masked(env: NodeJS.ProcessEnv): string[] {
  const secrets: string[] = []
  maskProxyCredentials(parseProxySettings(env), value => secrets.push(value))
  return secrets
}

describe('proxy credentials', () => {
  it('masks the password of each proxy URL, as written and decoded', () => {
    const env = { HTTPS_PROXY: 'http://deploy:p%40ss@proxy:3128', HTTP_PROXY: 'http://u:plain@proxy:3128' }
    expect(masked(env)).toEqual(['plain', 'p%40ss', 'p@ss'])
  })

  it('masks nothing without a password', () => {
    expect(masked({ HTTPS_PROXY: 'http://proxy:3128' })).toEqual([])
    expect(masked({})).toEqual([])
  })

  it('masks a password that is not valid percent-encoding as written', () => {
    expect(masked({ HTTP_PROXY: 'http://u:100%25%zz@proxy:3128' })).toEqual(['100%25%zz'])
  })
})
