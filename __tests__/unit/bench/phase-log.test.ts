import { describe, expect, it } from '@jest/globals'
import { phasesInLog } from '../../../bench/phase-log.js'

const log = (entries: [number, string][]) => entries.map(([at, text]) => ({ at, text }))

describe('phasesInLog', () => {
  it('reads each rollout phase: opened, its deployment, COMPLETED seen, closed', () => {
    const phases = phasesInLog(
      log([
        [100, '::group::Registering task definitions'],
        [110, '::endgroup::'],
        [120, '::group::Migrator: stop the old tasks, run 1 task of v0.6.7 with ENABLE_DB_MIGRATIONS=true'],
        [130, 'UpdateService: deployment ecs-svc/3827951945045794240 of open-webui:2 at desired count 1'],
        [
          140,
          '  desired 1, running 0 | *open-webui:2 PRIMARY IN_PROGRESS: 0/1 running | open-webui:1 ACTIVE COMPLETED: 0/0 running'
        ],
        [
          900,
          '  event 10:36:41: (service open-webui) (deployment ecs-svc/3827951945045794240) deployment completed.'
        ],
        [900, '  desired 1, running 1 | *open-webui:2 PRIMARY COMPLETED: 1/1 running'],
        [950, '::endgroup::'],
        [960, '::group::Fleet: 2 tasks of v0.6.7 with ENABLE_DB_MIGRATIONS=false'],
        [970, 'UpdateService: deployment ecs-svc/42 of open-webui:3 at desired count 2'],
        [1500, '  desired 2, running 2 | *open-webui:3 PRIMARY COMPLETED: 2/2 running'],
        [1600, '::endgroup::'],
        [1610, '::group::Checking http://127.0.0.1/health'],
        [1620, '::endgroup::']
      ])
    )
    expect(phases).toEqual([
      {
        name: 'migrator',
        openedAt: 120,
        deploymentId: 'ecs-svc/3827951945045794240',
        sawCompletedAt: 900,
        closedAt: 950
      },
      { name: 'fleet', openedAt: 960, deploymentId: 'ecs-svc/42', sawCompletedAt: 1500, closedAt: 1600 }
    ])
  })

  it('does not take an older deployment marked COMPLETED for the tracked one', () => {
    const [rolling] = phasesInLog(
      log([
        [
          0,
          '::group::Rolling update v0.6.6 -> v0.6.7: 2 tasks, old tasks serve until the new ones are healthy'
        ],
        [
          5,
          '  desired 2, running 2 | *open-webui:3 PRIMARY IN_PROGRESS: 0/2 running | open-webui:2 ACTIVE COMPLETED: 2/2 running'
        ]
      ])
    )
    expect(rolling).toEqual({ name: 'rolling', openedAt: 0 })
  })
})
