import { describe, expect, it } from '@jest/globals'
import { planCommentMarker, planHashLine } from '../../../../src/modes/plan/plan-comment-marker.js'
import { upsertPlanComment } from '../../../../src/modes/plan/upsert-plan-comment.js'
import { FakeComments } from './fake-comments.js'

const target = {
  repository: { owner: 'acme', repo: 'platform' },
  pullRequestNumber: 7,
  cluster: 'prod',
  service: 'open-webui'
}
const marker = planCommentMarker('prod', 'open-webui')
const body = (hash: string, text = 'plan') => `${marker}\n\n${text}\n\n${planHashLine(hash)}`

describe('upsertPlanComment', () => {
  it('creates the comment once, updates it in place, and leaves an unchanged plan alone', async () => {
    const comments = new FakeComments()
    comments.seed(7, 'octocat', 'LGTM')

    const first = await upsertPlanComment(comments, target, body('aaaaaaaa', 'first'), 'aaaaaaaa')
    const second = await upsertPlanComment(comments, target, body('bbbbbbbb', 'second'), 'bbbbbbbb')
    const third = await upsertPlanComment(comments, target, body('bbbbbbbb', 'third, same plan'), 'bbbbbbbb')

    expect([first.write, second.write, third.write]).toEqual(['created', 'updated', 'unchanged'])
    expect(comments.writes.map(write => write.kind)).toEqual(['create', 'update'])
    expect(second.comment.id).toBe(first.comment.id)
    const ours = comments.comments.filter(comment => comment.body.startsWith(marker))
    expect(ours).toHaveLength(1)
    expect(ours[0].body).toContain('second')
  })

  it('never edits a comment of another login that carries our marker', async () => {
    const comments = new FakeComments()
    const foreign = comments.seed(7, 'mallory', body('aaaaaaaa', 'pasted by someone else'))
    const otherBot = comments.seed(7, 'renovate[bot]', body('aaaaaaaa', 'another bot'))

    const result = await upsertPlanComment(comments, target, body('aaaaaaaa'), 'aaaaaaaa')

    expect(result.write).toBe('created')
    expect(comments.writes.map(write => write.id)).not.toContain(foreign.id)
    expect(comments.writes.map(write => write.id)).not.toContain(otherBot.id)
    expect(comments.comments.find(comment => comment.id === foreign.id)?.body).toContain(
      'pasted by someone else'
    )
  })

  it('ignores our own comments for another service and comments that only quote the marker', async () => {
    const comments = new FakeComments()
    const canary = comments.seed(
      7,
      'github-actions[bot]',
      body('aaaaaaaa').replace('service=open-webui', 'service=canary')
    )
    const quoting = comments.seed(7, 'github-actions[bot]', `Deploy log:\n${body('aaaaaaaa')}`)

    const result = await upsertPlanComment(comments, target, body('bbbbbbbb'), 'bbbbbbbb')

    expect(result.write).toBe('created')
    expect(comments.comments.find(comment => comment.id === canary.id)?.body).toContain('service=canary')
    expect(comments.comments.find(comment => comment.id === quoting.id)?.body.startsWith('Deploy log')).toBe(
      true
    )
  })

  it('compares logins without regard to case and keeps to the oldest of duplicates', async () => {
    const comments = new FakeComments('github-actions[bot]')
    const oldest = comments.seed(7, 'GitHub-Actions[bot]', body('aaaaaaaa'))
    comments.seed(7, 'github-actions[bot]', body('aaaaaaaa'))

    const result = await upsertPlanComment(comments, target, body('cccccccc'), 'cccccccc')

    expect(result).toMatchObject({ write: 'updated', comment: { id: oldest.id } })
    expect(comments.writes).toHaveLength(1)
  })

  it('updates a comment whose hash line is missing or altered', async () => {
    const comments = new FakeComments()
    comments.seed(7, 'github-actions[bot]', `${marker}\n\nhand-edited, no hash`)
    expect((await upsertPlanComment(comments, target, body('aaaaaaaa'), 'aaaaaaaa')).write).toBe('updated')
  })
})
