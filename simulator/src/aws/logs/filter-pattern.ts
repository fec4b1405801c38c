import { AwsError } from '../../world.js'

/**
 * CloudWatch Logs term patterns: `ERROR`, `"Error running migrations"` (exact phrase), several terms (all must
 * occur), `?A ?B` (any of them), `-term` (must not occur). Matching is case-sensitive. JSON (`{ … }`),
 * space-delimited (`[ … ]`) and regex (`%…%`) patterns are not simulated and are refused.
 */
export function compileFilterPattern(pattern: string | undefined): (message: string) => boolean {
  const text = (pattern ?? '').trim()
  if (text === '') return () => true
  if (/^[{[%]/.test(text)) {
    throw new AwsError(
      'InvalidParameterException',
      `The simulator supports term filter patterns only: ${text}`
    )
  }
  const required: string[] = []
  const optional: string[] = []
  const excluded: string[] = []
  for (const match of text.matchAll(/([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/g)) {
    const term = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3]
    if (match[1] === '?') optional.push(term)
    else if (match[1] === '-') excluded.push(term)
    else required.push(term)
  }
  return message =>
    required.every(term => message.includes(term)) &&
    !excluded.some(term => message.includes(term)) &&
    (optional.length === 0 || optional.some(term => message.includes(term)))
}
