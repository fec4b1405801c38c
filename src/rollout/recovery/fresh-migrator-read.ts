import { errorMessage } from '../../errors.js'
import type { Task } from '../../ports/ecs.js'
import type { RolloutView } from '../rollout-run.js'
import { MAX_STOPPED_TASKS_DESCRIBED } from '../task-inspection.js'

/** Every migrator task this run ever started, as ECS describes it now. */
export interface MigratorTasksRead {
  tasks: Task[]
  /** Not yet STOPPED: may still reach RUNNING. */
  live: number
  /** Reached RUNNING (startedAt set, or RUNNING now): its container ran, so it may have migrated. */
  reachedRunning: number
}

/** ECS sets startedAt when a task reaches RUNNING; a task that never started has none. */
export function reachedRunning(task: Task): boolean {
  return Boolean(task.startedAt) || task.lastStatus === 'RUNNING'
}

/**
 * A fresh read of every migrator task of this run: the service's tasks in both desired states (a stopping task's
 * desired status is already STOPPED) on the migrator revision, plus every migrator task the run saw by ARN (ECS
 * forgets stopped tasks after a while; DescribeTasks by ARN still answers). A read that fails counts as a task
 * that reached RUNNING: unknown is never taken for "no migration ran".
 */
export async function readMigratorTasks(run: RolloutView): Promise<MigratorTasksRead> {
  const migrator = run.migratorTaskDefinitionArn
  const { ecs } = run.ports
  try {
    const listed = [
      ...(await ecs.listServiceTasks(run.cluster, run.service, 'RUNNING')),
      ...(await ecs.listServiceTasks(run.cluster, run.service, 'STOPPED')).slice(
        0,
        MAX_STOPPED_TASKS_DESCRIBED
      )
    ]
    const arns = [...new Set([...listed, ...run.migratorTaskArns])]
    const described = arns.length > 0 ? await ecs.describeTasks(run.cluster, arns) : []
    const tasks = described.filter(
      task => task.taskDefinitionArn === migrator || run.migratorTaskArns.has(task.taskArn ?? '')
    )
    return {
      tasks,
      live: tasks.filter(task => task.lastStatus !== 'STOPPED').length,
      reachedRunning: tasks.filter(reachedRunning).length
    }
  } catch (error) {
    run.warn(`Could not read the migrator's tasks: ${errorMessage(error)}; migrations are taken to have run.`)
    return { tasks: [], live: 1, reachedRunning: 1 }
  }
}
