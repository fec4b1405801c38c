import * as core from '@actions/core'
import { createPorts } from './adapters/create-ports.js'
import { errorMessage } from './errors.js'
import type { ModeContext } from './modes/mode-context.js'
import { runBumpMode } from './modes/bump.js'
import { runDeployMode } from './modes/deploy.js'
import { runPlanMode } from './modes/plan.js'
import { runResolveMode } from './modes/resolve.js'
import { actionsLog } from './report/log.js'
import {
  maskEnvironmentCredentials,
  maskProxyCredentials,
  maskTaskDefinitionCredentials
} from './report/mask-credentials.js'
import { annotationText } from './report/untrusted-log.js'
import type { Outcome } from './report/outcome.js'
import { runFailure } from './report/run-failure.js'
import { writeOutcome } from './report/write-outcome.js'
import { readInputs } from './settings/inputs.js'
import { parseSettings } from './settings/parse-settings.js'
import type { Settings } from './settings/settings.js'

/** Each mode gets the settings of its own mode. */
function runMode(settings: Settings, rest: Omit<ModeContext, 'settings'>): Promise<Outcome> {
  switch (settings.mode) {
    case 'resolve':
      return runResolveMode({ ...rest, settings })
    case 'deploy':
      return runDeployMode({ ...rest, settings })
    case 'plan':
      return runPlanMode({ ...rest, settings })
    case 'bump':
      return runBumpMode({ ...rest, settings })
  }
}

/**
 * The action's entry point. The runner cancels a job with SIGINT, then SIGTERM: both abort the signal the
 * modes watch, so a rollout stops issuing writes and still reports the state it left.
 */
export async function run(): Promise<void> {
  const controller = new AbortController()
  const cancel = (signal: NodeJS.Signals) => {
    if (!controller.signal.aborted)
      core.warning(`Received ${signal}: stopping after the current step`, { title: 'Cancelled' })
    controller.abort(new Error(`cancelled by ${signal}`))
  }
  process.on('SIGINT', cancel)
  process.on('SIGTERM', cancel)
  try {
    const settings = parseSettings(readInputs(), process.env)
    maskProxyCredentials(settings.proxy)
    maskTaskDefinitionCredentials(settings.taskDefinitionFile?.json)
    maskEnvironmentCredentials(settings.environment)
    const ports = createPorts(settings)
    const outcome = await runMode(settings, { ports, log: actionsLog, signal: controller.signal })
    await writeOutcome(outcome)
  } catch (error) {
    // Every failure ends like a mode's own: result=failed, a summary saying why, one error annotation.
    await writeOutcome(runFailure(error)).catch(() => core.setFailed(annotationText(errorMessage(error))))
  } finally {
    process.off('SIGINT', cancel)
    process.off('SIGTERM', cancel)
  }
}
