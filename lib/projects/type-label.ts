// What a project's kind is called where a project is listed or headed (team, admin, exports). A conversation-tree
// project is stored as task type WRITING with treeConfig set, but it is not "Writing" to anyone reading the page.
// Isomorphic. The worker's list says it in the worker's language (worker.home.taskTypes.CONVERSATION_TREE).
import type { TaskType } from '@/lib/generated/prisma/enums';
import { taskTypeLabels } from '@/lib/tasks';

export const conversationTreeLabel = 'Conversation tree';

/** The key the worker's messages use: a task type, or CONVERSATION_TREE. */
export function projectKindKey(project: { taskType: TaskType; treeConfig: unknown }): TaskType | 'CONVERSATION_TREE' {
  return project.treeConfig === null || project.treeConfig === undefined ? project.taskType : 'CONVERSATION_TREE';
}

export function projectTypeLabel(project: { taskType: TaskType; treeConfig: unknown }): string {
  const key = projectKindKey(project);
  return key === 'CONVERSATION_TREE' ? conversationTreeLabel : taskTypeLabels[key];
}
