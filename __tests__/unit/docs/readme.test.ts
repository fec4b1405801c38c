import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import MarkdownIt from 'markdown-it'

/**
 * The README is for adopters: it starts with the two commands, stays short enough to read (at most 2,500 words,
 * counted as `wc -w` counts them), and every link in it and in the documents it leads to resolves: the file
 * exists and, for `#anchor` links, the heading does (GitHub's anchors). Links to other hosts are not fetched.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const MAX_README_WORDS = 2500
const markdown = new MarkdownIt({ html: true })

/** The Markdown files users read: the README, CONTRIBUTING, the CHANGELOG and docs/ (not the demo's outputs). */
function documents(): string[] {
  const walk = (directory: string): string[] =>
    readdirSync(path.join(ROOT, directory)).flatMap(name => {
      const relative = path.join(directory, name)
      if (statSync(path.join(ROOT, relative)).isDirectory())
        return relative === 'docs/examples' ? [] : walk(relative)
      return name.endsWith('.md') ? [relative] : []
    })
  return ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', 'simulator/README.md', ...walk('docs')]
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- ]/gu, '')
    .replace(/ /g, '-')
}

function anchorsOf(file: string): Set<string> {
  const tokens = markdown.parse(readFileSync(path.join(ROOT, file), 'utf8'), {})
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  tokens.forEach((token, index) => {
    if (token.type !== 'heading_open') return
    const base = anchorOf(tokens[index + 1].content)
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    anchors.add(count === 0 ? base : `${base}-${count}`)
  })
  return anchors
}

/** Every link and image target in a Markdown file, HTML `<img src>` and `<a href>` included. */
function linksOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8')
  const links: string[] = []
  const visit = (tokens: ReturnType<typeof markdown.parse>) => {
    for (const token of tokens) {
      if (token.type === 'link_open') links.push(String(token.attrGet('href') ?? ''))
      if (token.type === 'image') links.push(String(token.attrGet('src') ?? ''))
      if (token.type === 'html_block' || token.type === 'html_inline') {
        for (const match of token.content.matchAll(/\b(?:src|href)="([^"]+)"/g)) links.push(match[1])
      }
      if (token.children) visit(token.children)
    }
  }
  visit(markdown.parse(text, {}))
  return links
}

/** Why a relative link does not resolve, or undefined when it does. */
function brokenLink(file: string, link: string): string | undefined {
  if (/^[a-z]+:/i.test(link)) return undefined
  const [target, anchor] = link.split('#') as [string, string | undefined]
  const resolved = target === '' ? file : path.normalize(path.join(path.dirname(file), decodeURI(target)))
  if (resolved.startsWith('..')) return `${link} leaves the repository`
  if (!existsSync(path.join(ROOT, resolved))) return `${link}: ${resolved} does not exist`
  if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor)) {
    return `${link}: ${resolved} has no heading #${anchor}`
  }
  return undefined
}

describe('README.md', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')

  it('starts with the two commands: the demo and the tests', () => {
    const first = markdown.parse(readme, {}).find(token => token.type === 'fence')
    expect(first?.content).toMatch(/^npm ci && npm run demo\b.*\nnpm test\b/)
    expect(readme.indexOf('```bash')).toBeLessThan(readme.indexOf('\n\n', readme.indexOf('\n') + 1) + 3)
  })

  it(`has at most ${MAX_README_WORDS} words`, () => {
    const words = readme.split(/\s+/).filter(word => word !== '').length
    expect(words).toBeLessThanOrEqual(MAX_README_WORDS)
  })

  it.each(documents())('%s: every relative link resolves', file => {
    const broken = linksOf(file).flatMap(link => brokenLink(file, link) ?? [])
    expect(broken).toEqual([])
  })

  it('finds broken links and anchors (the check can fail)', () => {
    expect(brokenLink('README.md', 'docs/nothing.md')).toMatch(/does not exist/)
    expect(brokenLink('README.md', 'docs/reference.md#no-such-heading')).toMatch(/has no heading/)
    expect(brokenLink('docs/rollout.md', '../README.md#rollback-rules')).toBeUndefined()
    expect(anchorOf('The database snapshot (`db-snapshot`)')).toBe('the-database-snapshot-db-snapshot')
  })
})
