// The product's side of the worker loop, in process (no HTTP). Two cycles, both the phone's task loop with a task
// leased ahead (lib/assignment/loop.ts):
//
//   service  advanceTaskLoop (store the answer, put the next task on screen, lease one ahead), nothing else.
//   action   what advanceTaskAction does per tap under `next start`, minus HTTP and rendering the cards: the session
//            lookup (getViewerBySessionToken, with a real session token per worker), then advanceTaskLoop with the
//            claim rate limit (counted in the claim's statement). A worker's first cycle also does the start.
//
// The claim rate limit is the product's (120 claims a minute per worker): a run with few workers, each doing more
// than 2 cycles/s for a minute, gets RATE_LIMITED errors on its next claims, as it would over HTTP.
//
// The modules are passed in: they are TypeScript, imported by the caller after DATABASE_URL is set.

// lib/workers/actions.ts (claimLimit, not exported there): keep in step.
const claimLimit = (workerId) => ({ key: `claim:worker:${workerId}`, rule: { limit: 120, windowSeconds: 60 }, message: 'You are asking for tasks too fast. Wait a minute.' });
const ANSWER = { choice: 'A' }; // a valid default-config PAIRWISE answer, in shown terms

function createScreens(assignment, projectId, { limited = false } = {}) {
  const screens = new Map(); // workerId -> { current, ahead }
  const options = (workerId) => (limited ? { rateLimit: claimLimit(workerId) } : {});
  return {
    has: (workerId) => screens.has(workerId),
    async ensure(workerId) {
      if (screens.has(workerId)) return true;
      const leases = await assignment.claimLeases(workerId, projectId, { want: 2, ...options(workerId) });
      if (leases.kind === 'none') return leases.reason;
      screens.set(workerId, { current: leases.current.assignmentId, ahead: leases.ahead?.assignmentId ?? null });
      return true;
    },
    async tap(workerId) {
      const screen = screens.get(workerId);
      screens.delete(workerId);
      const step = await assignment.advanceTaskLoop(workerId, { assignmentId: screen.current, outcome: { answer: ANSWER }, aheadId: screen.ahead }, options(workerId));
      if (step.kind !== 'next') return;
      const current = step.current?.assignmentId ?? step.promoted?.assignmentId;
      if (current) screens.set(workerId, { current, ahead: step.ahead?.assignmentId ?? null });
    },
  };
}

/** @param {{ claimLeases: Function, advanceTaskLoop: Function }} assignment */
export function createServiceCycle(assignment, projectId) {
  const screens = createScreens(assignment, projectId);
  return async function serviceCycle(workerId) {
    const t0 = performance.now();
    const ready = await screens.ensure(workerId);
    if (ready !== true) return { kind: 'none', reason: ready };
    const t1 = performance.now();
    await screens.tap(workerId);
    return { kind: 'done', parts: { start: t1 - t0, tap: performance.now() - t1 } };
  };
}

/**
 * @param {{ assignment: any, sessions: any }} modules
 * @param {Map<string, string>} tokens session token per workerId
 */
export function createActionCycle({ assignment, sessions }, projectId, tokens) {
  const screens = createScreens(assignment, projectId, { limited: true });

  async function requireWorkerId(workerId) {
    const viewer = await sessions.getViewerBySessionToken(tokens.get(workerId));
    if (!viewer?.roles.includes('WORKER') || viewer.worker?.id !== workerId) throw new Error('session lookup failed');
    return viewer.worker.id;
  }

  return async function actionCycle(workerId) {
    const parts = {};
    let t = performance.now();
    if (!screens.has(workerId)) {
      // startProjectAction: "Start" on the project list.
      const ready = await screens.ensure(await requireWorkerId(workerId));
      if (ready !== true) return { kind: 'none', reason: ready };
      parts.start = performance.now() - t;
      t = performance.now();
    }
    // advanceTaskAction({ assignmentId, answer, aheadId }).
    let error;
    try {
      await screens.tap(await requireWorkerId(workerId));
    } catch (caught) {
      error = caught;
    }
    parts.tap = performance.now() - t;
    return { kind: 'done', parts, error };
  };
}
