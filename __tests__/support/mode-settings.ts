import type { Mode, Settings, SettingsOf } from '../../src/settings/settings.js'

/** Parsed settings as the type of their mode, as main.ts hands them to it; a test that parsed another mode fails. */
export function settingsOf<M extends Mode>(mode: M, settings: Settings): SettingsOf<M> {
  if (settings.mode !== mode) throw new Error(`expected ${mode} settings, parsed ${settings.mode}`)
  return settings as SettingsOf<M>
}
