// The assignment engine: the worker loop's "next task", submit and skip, and lease expiry. Server-only; client
// code imports shapes and `skipReasons` from './types' instead.
import 'server-only';

export { claimLeases, claimNextAssignment } from './claim';
export { advanceTaskLoop, leaseAhead, type LoopOutcome, type LoopStep } from './loop';
export { expireLeases } from './leases';
export { skipAssignment } from './skip';
export { submitJudgment } from './submit';
export { getAheadForWorker, getAssignmentForWorker, getUnavailableReason } from './view';
export { listProjectsForWorker } from './worker-projects';
export * from './types';
