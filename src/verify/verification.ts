import type { Check, Finding } from '../domain/finding.js'

/** What one verification produces: lines for the checks table, and findings for what needs fixing. */
export interface Verification {
  checks: Check[]
  findings: Finding[]
}

export function verification(checks: Check[] = [], findings: Finding[] = []): Verification {
  return { checks, findings }
}

export function mergeVerifications(parts: Verification[]): Verification {
  return { checks: parts.flatMap(part => part.checks), findings: parts.flatMap(part => part.findings) }
}
