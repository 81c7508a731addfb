// The product's side of the worker loop, in process (no HTTP). Two cycles:
//
//   service  claimNextAssignment + submitJudgment (lib/assignment), nothing else.
//   action   the database work of what a phone does per task under `next start`, minus HTTP, RSC rendering and the
//            earnings strip: the task page (session lookup + getAssignmentForWorker), then submitAnswerAction with
//            goToNext (session lookup + submitJudgment + the assignment's project + the claim rate limit +
//            claimNextAssignment), as in lib/workers/actions.ts. A worker's first cycle also does startProjectAction
//            (session + rate limit + claim). Server actions read the session from cookies, so this calls the same
//            lookup (getViewerBySessionToken) with a real session token made for each worker.
//
// The claim rate limit is the product's (120 claims a minute per worker): a run with few workers, each doing more
// than 2 cycles/s for a minute, gets RATE_LIMITED errors on its next claims, as it would over HTTP.
//
// The modules are passed in: they are TypeScript, imported by the caller after DATABASE_URL is set.

// lib/workers/actions.ts (claimLimit, not exported there): keep in step.
const CLAIM_LIMIT = { limit: 120, windowSeconds: 60 };
const ANSWER = { choice: 'A' }; // a valid default-config PAIRWISE answer, in shown terms

/** @param {{ claimNextAssignment: Function, submitJudgment: Function }} assignment */
export function createServiceCycle(assignment, projectId) {
  return async function serviceCycle(workerId) {
    const t0 = performance.now();
    const claim = await assignment.claimNextAssignment(workerId, projectId);
    if (claim.kind !== 'assigned') return { kind: 'none', reason: claim.reason };
    const t1 = performance.now();
    const result = await assignment.submitJudgment(workerId, { assignmentId: claim.assignment.assignmentId, answer: ANSWER });
    if (result.duplicate) throw new Error('submit answered duplicate for a fresh assignment');
    return { kind: 'done', parts: { claim: t1 - t0, submit: performance.now() - t1 } };
  };
}

/**
 * @param {{ assignment: any, sessions: any, rateLimit: any, db: any }} modules
 * @param {Map<string, string>} tokens session token per workerId
 */
export function createActionCycle({ assignment, sessions, rateLimit, db }, projectId, tokens) {
  const current = new Map(); // workerId -> the assignment on the worker's screen

  async function requireWorkerId(workerId) {
    const viewer = await sessions.getViewerBySessionToken(tokens.get(workerId));
    if (!viewer?.roles.includes('WORKER') || viewer.worker?.id !== workerId) throw new Error('session lookup failed');
    return viewer.worker.id;
  }

  async function claimAndGo(workerId, forProjectId) {
    await rateLimit.enforceRateLimit(`claim:worker:${workerId}`, CLAIM_LIMIT, 'You are asking for tasks too fast. Wait a minute.');
    const result = await assignment.claimNextAssignment(workerId, forProjectId);
    if (result.kind === 'assigned') current.set(workerId, result.assignment.assignmentId);
    else current.delete(workerId);
    return result;
  }

  return async function actionCycle(workerId) {
    const parts = {};
    let t = performance.now();
    if (!current.has(workerId)) {
      // startProjectAction: "Start" on the project list.
      const started = await claimAndGo(await requireWorkerId(workerId), projectId);
      if (started.kind !== 'assigned') return { kind: 'none', reason: started.reason };
      parts.start = performance.now() - t;
      t = performance.now();
    }
    const assignmentId = current.get(workerId);
    // The task page: /tasks/[assignmentId].
    const view = await assignment.getAssignmentForWorker(await requireWorkerId(workerId), assignmentId);
    if (!view) throw new Error('task page found no task');
    parts.page = performance.now() - t;
    t = performance.now();
    // submitAnswerAction({ assignmentId, answer, goToNext: true }).
    const id = await requireWorkerId(workerId);
    const result = await assignment.submitJudgment(id, { assignmentId, answer: ANSWER });
    if (result.duplicate) throw new Error('submit answered duplicate for a fresh assignment');
    const { projectId: ofProject } = await db.assignment.findUniqueOrThrow({ where: { id: assignmentId }, select: { projectId: true } });
    current.delete(workerId);
    // The judgment is in: a failure of the next claim (RATE_LIMITED...) still counts the cycle, and the error.
    let error;
    try {
      await claimAndGo(id, ofProject);
    } catch (caught) {
      error = caught;
    }
    parts.submitAndNext = performance.now() - t;
    return { kind: 'done', parts, error };
  };
}
