import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'

/**
 * The demo's job summary and plan comment, kept in docs/examples/ and rendered for the README, made
 * reproducible: what differs between two runs of the same demo only by chance is either replaced by a stable
 * value (the simulator's port, task and deployment ids) or, for what was measured (durations, clock times,
 * release dates relative to today), left as the committed file has it. So re-running `npm run demo -- --docs`
 * changes no byte unless what the action writes changed.
 */

/** A public-looking base URL for the health probe in place of the simulator's 127.0.0.1:PORT. */
export const DOCS_HEALTH_URL = 'https://chat.example.com'

function stableDigits(kind: string, index: number, length: number, alphabet: string): string {
  const bytes = createHash('sha256').update(`${kind}-${index}`).digest()
  return Array.from(
    { length },
    (_, position) => alphabet[bytes[position % bytes.length] % alphabet.length]
  ).join('')
}

const KINDS: { pattern: RegExp; kind: string; make: (index: number) => string }[] = [
  // ECS task ids: 32 hex digits (never part of a 64-digit image digest).
  {
    pattern: /(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])/g,
    kind: 'task',
    make: index => stableDigits('task', index, 32, '0123456789abcdef')
  },
  // Deployment ids: ecs-svc/ and 19 digits.
  {
    pattern: /(?<=ecs-svc\/)\d{19}\b/g,
    kind: 'deployment',
    make: index => `${(index % 9) + 1}${stableDigits('deployment', index, 18, '0123456789')}`
  },
  // Service deployment ids in console links: 22 characters of base64url.
  {
    pattern: /(?<=\/deployments\/)[A-Za-z0-9_-]{22}(?=\?)/g,
    kind: 'service-deployment',
    make: index =>
      stableDigits(
        'service-deployment',
        index,
        22,
        'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
      )
  }
]

/** The markdown with the run's random ids and the simulator's address replaced by stable ones. */
export function stabilize(markdown: string, simulatorHealthBase?: string): string {
  let text = simulatorHealthBase ? markdown.split(simulatorHealthBase).join(DOCS_HEALTH_URL) : markdown
  for (const { pattern, make } of KINDS) {
    const seen = new Map<string, string>()
    text = text.replace(pattern, id => {
      if (!seen.has(id)) seen.set(id, make(seen.size))
      return seen.get(id) as string
    })
  }
  return text
}

/** What a run measured (durations, clock times, dates relative to today), masked for comparing two runs. */
export function measurementsMasked(markdown: string): string {
  return markdown
    .replace(/\b\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?/g, '<time>')
    .replace(/\b\d+(?:\.\d+)? ?(?:ms|s|min)\b/g, '<duration>')
}

/**
 * Writes `markdown` (stabilized) to `file` unless the file already holds the same text up to measurements.
 * Returns whether the file was written.
 */
export function writeExample(file: string, markdown: string, simulatorHealthBase?: string): boolean {
  const stable = stabilize(markdown, simulatorHealthBase)
  if (existsSync(file) && measurementsMasked(readFileSync(file, 'utf8')) === measurementsMasked(stable))
    return false
  writeFileSync(file, stable)
  return true
}
