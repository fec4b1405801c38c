/**
 * The built-in maintenance page: what the load balancer answers (503) while a migrating upgrade has no task
 * serving. It must fit an ALB fixed response (1,024 characters); versions are validated semver, escaped anyway.
 */
export function builtInMaintenancePage(fromVersion: string | undefined, toVersion: string): string {
  const from = fromVersion ? `v${escapeHtml(fromVersion)}` : 'the running version'
  const to = `v${escapeHtml(toVersion)}`
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    '<meta http-equiv="refresh" content="30"><title>Open WebUI is upgrading</title>',
    '<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1rem;color:#222}</style>',
    '</head><body><h1>Open WebUI is upgrading</h1>',
    `<p>Open WebUI is being upgraded from ${from} to ${to}. The database is being migrated, so the service is briefly unavailable.</p>`,
    '<p>This page reloads every 30 seconds.</p></body></html>'
  ].join('')
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, char => `&#${char.charCodeAt(0)};`)
}
