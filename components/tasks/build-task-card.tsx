import 'server-only';
import type { AssignmentView } from '@/lib/assignment/types';
import type { TaskConfig } from '@/lib/tasks';
import { buildTaskContent } from './build-task-content';
import type { TaskCard } from './task-card';

/** A lease as the phone's task loop receives it: markdown rendered here, so phones get elements and no markdown library. */
export function buildTaskCard(view: AssignmentView): TaskCard {
  return {
    assignmentId: view.assignmentId,
    projectId: view.projectId,
    taskType: view.taskType,
    config: view.config as TaskConfig<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
    content: buildTaskContent(view.payload, view.config),
    leaseLeftMs: Math.max(0, view.leaseExpiresAt.getTime() - Date.now()),
    leaseMs: view.leaseExpiresAt.getTime() - view.leasedAt.getTime(),
    rewardMsats: view.rewardMsats,
    exam: view.exam ? { answered: view.exam.answered, total: view.exam.total } : null,
  };
}
