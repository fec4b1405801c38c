import * as core from '@actions/core'
import type { Annotation } from './outcome.js'
import { annotationText, annotationTitle } from './untrusted-log.js'

/** GitHub shows at most 10 annotations of each level per step; the rest would be dropped silently. */
export const ANNOTATIONS_PER_LEVEL = 10

/** Keeps 9 of a level when there are more than 10 and folds the rest into one closing annotation. */
export function limitAnnotations(annotations: Annotation[]): Annotation[] {
  const limited: Annotation[] = []
  for (const level of ['error', 'warning', 'notice'] as const) {
    const ofLevel = annotations.filter(annotation => annotation.level === level)
    if (ofLevel.length <= ANNOTATIONS_PER_LEVEL) {
      limited.push(...ofLevel)
      continue
    }
    const kept = ofLevel.slice(0, ANNOTATIONS_PER_LEVEL - 1)
    const rest = ofLevel.slice(ANNOTATIONS_PER_LEVEL - 1)
    limited.push(...kept, {
      level,
      title: `${rest.length} more ${level === 'notice' ? 'notices' : `${level}s`}`,
      message: `${rest.map(annotation => annotation.title).join('; ')}. The job summary lists them all.`
    })
  }
  return limited
}

export function writeAnnotations(annotations: Annotation[]): void {
  for (const annotation of limitAnnotations(annotations)) {
    const properties = { title: annotationTitle(annotation.title) }
    const message = annotationText(annotation.message)
    if (annotation.level === 'error') core.error(message, properties)
    else if (annotation.level === 'warning') core.warning(message, properties)
    else core.notice(message, properties)
  }
}
