// Real HTTP in front of the agent API's route handlers, the agent's wallet (a simulated node on the same network as
// the platform's), simulated workers, and a fingerprint of every table a refused request must leave alone.
import { randomBytes } from 'node:crypto';
import { claimNextAssignment } from '@/lib/assignment/claim';
import { submitJudgment } from '@/lib/assignment/submit';
import { evaluatePendingJudgments } from '@/lib/quality/evaluate';
import { db } from '@/lib/db';
import { decodeInvoice } from '@/lib/lightning/invoice';
import { createWalletNode } from '@/lib/wallet-sim/sim-wallet';
import type { RouteHandler } from '@/lib/api/handler';
import { startRouteServer } from '@/test/openapi/route-server';

async function routeFor(method: string, path: string): Promise<{ handler: RouteHandler; params: Record<string, string> } | null> {
  const job = /^\/api\/agent\/v1\/jobs\/([^/]+)(\/results)?$/.exec(path);
  if (path === '/api/agent/v1/openapi.json' && method === 'GET') return { handler: (await import('@/app/api/agent/v1/openapi.json/route')).GET, params: {} };
  if (path === '/api/agent/v1/quote' && method === 'POST') return { handler: (await import('@/app/api/agent/v1/quote/route')).POST, params: {} };
  if (path === '/api/agent/v1/jobs' && method === 'POST') return { handler: (await import('@/app/api/agent/v1/jobs/route')).POST, params: {} };
  if (job?.[2] && method === 'GET') return { handler: (await import('@/app/api/agent/v1/jobs/[jobId]/results/route')).GET, params: { jobId: job[1] } };
  if (job && !job[2]) {
    const module = await import('@/app/api/agent/v1/jobs/[jobId]/route');
    if (method === 'GET') return { handler: module.GET, params: { jobId: job[1] } };
    if (method === 'DELETE') return { handler: module.DELETE, params: { jobId: job[1] } };
  }
  return null;
}

/**
 * The agent API on 127.0.0.1, each request a web Request handed to the same handlers Next calls. Every answer is
 * checked against the agent OpenAPI document; `close()` fails with what did not match.
 */
export function startAgentApi(): Promise<{ origin: string; close: () => Promise<void> }> {
  return startRouteServer({ api: 'agent', prefix: '/api/agent/v1', routeFor });
}

/** The agent's wallet: pays a bolt11 from its own simulated node and returns the preimage, as `npm run wallet -- pay` does. */
export function createAgentWallet(seedHex = randomBytes(32).toString('hex')) {
  const node = createWalletNode(seedHex);
  const paid: { bolt11: string; amountMsats: bigint }[] = [];
  return {
    node,
    paid,
    async payInvoice(bolt11: string): Promise<string> {
      const invoice = decodeInvoice(bolt11);
      if (invoice.amountMsats === null) throw new Error('amountless invoice');
      const outcome = await node.payInvoice({ bolt11, paymentHash: invoice.paymentHash, amountMsats: invoice.amountMsats, feeLimitMsats: 10_000n, timeoutSeconds: 30 });
      if (outcome.status !== 'PAID') throw new Error(`payment ${outcome.status}`);
      paid.push({ bolt11, amountMsats: invoice.amountMsats });
      return outcome.preimage;
    },
  };
}

/** Workers answer every open task of the project (`answerOf` gives each answer) until none is left for them. */
export async function workUntilDone(projectId: string, workerIds: string[], answerOf: (payload: unknown, workerIndex: number) => unknown): Promise<number> {
  let submitted = 0;
  for (let round = 0; round < 1000; round++) {
    let progressed = false;
    for (const [index, workerId] of workerIds.entries()) {
      const claim = await claimNextAssignment(workerId, projectId);
      if (claim.kind !== 'assigned') continue;
      const assignment = await db.assignment.findUniqueOrThrow({ where: { id: claim.assignment.assignmentId }, select: { item: { select: { payload: true } } } });
      await submitJudgment(workerId, { assignmentId: claim.assignment.assignmentId, answer: answerOf(assignment.item.payload, index) });
      submitted += 1;
      progressed = true;
    }
    await evaluatePendingJudgments(); // the job worker's quality evaluator: approves and pays clean answers
    if (!progressed) return submitted;
  }
  return submitted;
}

const watchedTables = [
  'User', 'Team', 'Project', 'Batch', 'Item', 'Assignment', 'Judgment', 'LedgerAccount', 'LedgerTransfer', 'Deposit',
  'AgentJob', 'AgentRefund', 'AuditLog', 'PlatformSetting', 'WorkerProfile',
];

/** Every row of the tables an agent request can touch; pass `except` for what a 402 legitimately writes (its invoice). */
export async function fingerprint(except: string[] = []): Promise<string> {
  const parts = watchedTables
    .filter((table) => !except.includes(table))
    .map((table) => `(SELECT coalesce(md5(string_agg(to_jsonb(t)::text, ',' ORDER BY to_jsonb(t)::text)), '-') FROM "${table}" t)`);
  const [row] = await db.$queryRawUnsafe<{ digest: string }[]>(`SELECT md5(concat_ws('|', ${parts.join(', ')})) AS digest`);
  return row.digest;
}
