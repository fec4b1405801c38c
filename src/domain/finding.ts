import type { FindingCode, LevelOf } from './check-registry.js'

/**
 * One finding per registered code, at the level the registry gives it (./check-registry.ts): a code
 * that is not registered, or a level other than its entry's, does not compile.
 */
export type Finding = {
  [Code in FindingCode]: {
    level: LevelOf<Code>
    /** Stable identifier, e.g. `sqlite-database`, `secret-in-environment`. */
    code: Code
    title: string
    message: string
    /** What to change to resolve it. */
    fix: string
  }
}[FindingCode]

/** One pre-flight verification line, ecspresso style. */
export interface Check {
  name: string
  status: 'OK' | 'NG' | 'SKIP' | 'WARN'
  detail: string
}
