import { json, listResponse, notFound, optionalString, requiredString, validationFailed } from '../http.js'
import { labelPayload } from '../payloads.js'
import { ensureLabel, findLabel } from '../repository-state.js'
import { route, type Route } from '../router.js'

export const labelRoutes: Route[] = [
  route('GET', '/repos/:owner/:repo/labels', ({ repository, request, urls }) =>
    listResponse(repository.labels, request, urls.api, label => labelPayload(repository, label, urls))
  ),

  route('GET', '/repos/:owner/:repo/labels/:name', ({ repository, params, urls }) => {
    const label = findLabel(repository, params.name)
    if (!label) throw notFound()
    return json(200, labelPayload(repository, label, urls))
  }),

  route('POST', '/repos/:owner/:repo/labels', ({ repository, input, ids, urls }) => {
    const name = requiredString(input, 'name', 'Label')
    const color = (optionalString(input, 'color') ?? 'ededed').replace(/^#/, '')
    if (!/^[0-9a-fA-F]{6}$/.test(color))
      throw validationFailed([{ resource: 'Label', code: 'invalid', field: 'color' }])
    if (findLabel(repository, name)) {
      throw validationFailed([{ resource: 'Label', code: 'already_exists', field: 'name' }])
    }
    const label = ensureLabel(
      repository,
      name,
      ids,
      color.toLowerCase(),
      optionalString(input, 'description') ?? null
    )
    return json(201, labelPayload(repository, label, urls))
  })
]
