import 'server-only';
import type { AssignmentView } from '@/lib/assignment/types';
import type { TaskConfig } from '@/lib/tasks';
import type { TreeTask } from '@/lib/trees/task-card';
import { buildTaskContent } from './build-task-content';
import type { TaskContent } from './content';
import { Markdown } from './markdown';
import type { TaskCard, TreeCard } from './task-card';

/** A lease as the phone's task loop receives it: markdown rendered here, so phones get elements and no markdown library. */
export function buildTaskCard(view: AssignmentView): TaskCard {
  const content = buildTaskContent(view.payload, view.config);
  return {
    assignmentId: view.assignmentId,
    projectId: view.projectId,
    taskType: view.taskType,
    config: view.config as TaskConfig<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
    content: view.tree ? toTreeContent(content, view.tree) : content,
    leaseLeftMs: Math.max(0, view.leaseExpiresAt.getTime() - Date.now()),
    leaseMs: view.leaseExpiresAt.getTime() - view.leasedAt.getTime(),
    rewardMsats: view.rewardMsats,
    exam: view.exam ? { answered: view.exam.answered, total: view.exam.total } : null,
    ...(view.tree && { tree: toTreeCard(view.tree, view.assignmentId) }),
  };
}

function toTreeCard({ candidates, rewardMsats: _reward, ...tree }: TreeTask, assignmentId: string): TreeCard {
  return { ...tree, candidateIds: candidates.map((candidate) => candidate.id), assignmentId };
}

/**
 * A tree task's content: a prompt to write has no conversation yet (the widget says what to write), the message
 * under review leaves the conversation to be shown apart (as `response`), and the replies to rank are `responses`.
 */
function toTreeContent(content: TaskContent, tree: TreeTask): TaskContent {
  const { prompt: _instruction, ...rest } = content;
  if (tree.kind === 'WRITE_PROMPT') return { ...rest, conversation: undefined };
  if (tree.kind === 'REVIEW' && rest.conversation?.length) {
    const turns = rest.conversation;
    return { ...rest, conversation: turns.slice(0, -1), response: turns[turns.length - 1].content };
  }
  if (tree.kind === 'RANK') return { ...rest, responses: tree.candidates.map((candidate) => <Markdown key={candidate.id}>{candidate.text}</Markdown>) };
  return rest;
}
