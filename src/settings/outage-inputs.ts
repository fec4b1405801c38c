import { InputError } from '../errors.js'
import type { MaintenancePage } from './settings.js'
import { readWorkspaceText, resolveWorkspacePath } from './workspace-files.js'

/** The range ELB allows for `deregistration_delay.timeout_seconds`. */
const MAX_DEREGISTRATION_DELAY_SECONDS = 3600
/** An ALB fixed response's message body holds at most 1,024 characters (FixedResponseActionConfig). */
export const MAX_MAINTENANCE_PAGE_BYTES = 1024

/** `drain-seconds`: a whole number of seconds (0 to 3600, ELB's range) or `keep`; default 30. */
export function parseDrainSeconds(value: string | undefined): number | 'keep' {
  const text = (value ?? '').trim()
  if (text === '') return 30
  if (text.toLowerCase() === 'keep') return 'keep'
  if (!/^\d+$/.test(text)) {
    throw new InputError(
      'drain-seconds',
      `'${text}' is not a whole number of seconds or keep: expected 0 to ${MAX_DEREGISTRATION_DELAY_SECONDS}, or keep to leave the target groups' deregistration delay alone`
    )
  }
  const seconds = Number(text)
  if (seconds > MAX_DEREGISTRATION_DELAY_SECONDS) {
    throw new InputError(
      'drain-seconds',
      `${text} is out of range: expected 0 to ${MAX_DEREGISTRATION_DELAY_SECONDS} (the deregistration delay's range), or keep`
    )
  }
  return seconds
}

/**
 * `maintenance-page`: `false` (default), `true` for the built-in page, or a workspace path to an HTML file of at
 * most 1,024 bytes (the ALB's fixed-response limit), read now so a bad file fails before any write.
 */
export function parseMaintenancePage(
  value: string | undefined,
  workspace: string
): { maintenancePage?: MaintenancePage } {
  const text = (value ?? '').trim()
  if (text === '' || text.toLowerCase() === 'false') return {}
  if (text.toLowerCase() === 'true') return { maintenancePage: { kind: 'built-in' } }
  const file = resolveWorkspacePath('maintenance-page', text, workspace)
  const html = readWorkspaceText('maintenance-page', file)
  const bytes = Buffer.byteLength(html)
  if (bytes > MAX_MAINTENANCE_PAGE_BYTES) {
    throw new InputError(
      'maintenance-page',
      `'${text}' is ${bytes} bytes: an Application Load Balancer's fixed response holds at most ${MAX_MAINTENANCE_PAGE_BYTES}`
    )
  }
  if (html.trim() === '') throw new InputError('maintenance-page', `'${text}' is empty`)
  return { maintenancePage: { kind: 'file', path: text, html } }
}
