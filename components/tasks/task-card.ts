import type { TaskConfig } from '@/lib/tasks';
import type { TaskContent } from './content';
import type { TreeTask } from '@/lib/trees/task-card';
import type { TaskType } from './types';

/** A tree task's facts the phone needs besides its content (the replies to rank are content.responses, in this order). */
export type TreeCard = Omit<TreeTask, 'candidates' | 'rewardMsats'> & {
  candidateIds: string[];
  /** The lease's id, so the worker can report a message of it; absent in previews, which have no lease. */
  assignmentId?: string;
};

/**
 * One task as the phone's task loop holds it: what to render (requester markdown already rendered on the server in
 * `content`), its lease, and what it pays. The loop keeps the task on screen and the next one, leased ahead.
 */
export type TaskCard = {
  assignmentId: string;
  projectId: string;
  taskType: TaskType;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the widget narrows it by type
  config: TaskConfig<any>;
  content: TaskContent;
  /**
   * The lease left when the server built this card. The phone counts it down on its own clock from when it asked:
   * a phone's clock may be minutes off the server's, so a server timestamp means nothing there.
   */
  leaseLeftMs: number;
  /** The lease's length: a task leased ahead gets a full lease again when it comes on screen. */
  leaseMs: number;
  /** 0 for exam questions. */
  rewardMsats: bigint;
  exam: { answered: number; total: number } | null;
  /** Set for a conversation tree's task: the tree widget shows it (components/tasks/widgets/tree-widget.tsx). */
  tree?: TreeCard | null;
};
