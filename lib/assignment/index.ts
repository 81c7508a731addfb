// The assignment engine: the worker loop's "next task", submit and skip, and lease expiry. Server-only; client
// code imports shapes and `skipReasons` from './types' instead.
import 'server-only';

export { claimNextAssignment } from './claim';
export { expireLeases } from './leases';
export { skipAssignment } from './skip';
export { submitJudgment } from './submit';
export { getAssignmentForWorker } from './view';
export { listProjectsForWorker } from './worker-projects';
export * from './types';
