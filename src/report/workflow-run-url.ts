/**
 * The page of a workflow run (`…/actions/runs/<id>`), or of one attempt of it (`…/attempts/<n>`), as GitHub links
 * it: where the plan comment and the snapshot's tag send a reader to see what made them.
 */
export function workflowRunUrl(run: {
  serverUrl: string
  repository: { owner: string; repo: string }
  runId: string
  runAttempt?: string
}): string {
  const url = `${run.serverUrl}/${run.repository.owner}/${run.repository.repo}/actions/runs/${run.runId}`
  return run.runAttempt ? `${url}/attempts/${run.runAttempt}` : url
}
