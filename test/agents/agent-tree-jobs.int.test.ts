// Conversation-tree jobs over L402 (docs/agents.md): an agent buys N peer-reviewed human replies to its conversation,
// optionally ranked, or a ranking of its own candidate replies; pays the 402 from its own simulated node; workers do
// the tree's tasks through the real claim and submit; the agent reads the replies and the ranking. The ledger is
// checked to the msat: workers, fee and refund add up to what the agent paid, and no judgment is paid twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentClient, type TreeJobResult } from '@/lib/agent-client';
import { claimNextAssignment } from '@/lib/assignment/claim';
import { submitJudgment } from '@/lib/assignment/submit';
import { createSeededRandom, createTestWorkers } from '@/lib/assignment/test-fixtures';
import { sweepAgentJobs } from '@/lib/agents/sweep';
import { db } from '@/lib/db';
import { accountKey, getLedgerSum } from '@/lib/ledger/accounts';
import { answerTreeTask, drainEvaluator, releaseLease, runTreeWorker } from '@/lib/trees/test-fixtures';
import { createAgentWallet, fingerprint, startAgentApi, workUntilDone } from './harness';

const refundTo = { type: 'lightning_address' as const, address: 'agent@wallet.example' };
const conversation = [
  { role: 'user' as const, content: 'What is a good name for a grey cat?' },
  { role: 'assistant' as const, content: 'How about "Smokey"?' },
  { role: 'user' as const, content: 'Something less common, please.' },
];

let api: Awaited<ReturnType<typeof startAgentApi>>;
beforeAll(async () => {
  api = await startAgentApi();
});
afterAll(async () => {
  await api.close();
});

const clientFor = (wallet: ReturnType<typeof createAgentWallet>) => createAgentClient({ baseUrl: api.origin, payInvoice: wallet.payInvoice, maxPriceMsats: 1_000_000n });

async function projectOf(jobId: string) {
  return db.agentJob.findUniqueOrThrow({ where: { id: jobId }, select: { projectId: true, project: { select: { teamId: true } } } });
}

/** Every approved judgment of the project paid exactly once, at its item's reward; nothing else paid. */
async function expectPaidOnce(projectId: string) {
  const rows = await db.$queryRaw<{ status: string; expected: bigint; paid: bigint | null; transfers: number }[]>`
    SELECT j.status::text AS status, i."rewardMsats" AS expected,
      (SELECT sum(t."amountMsats") FROM "LedgerTransfer" t WHERE t."judgmentId" = j.id AND t.reason = 'JUDGMENT_REWARD')::bigint AS paid,
      (SELECT count(*)::int FROM "LedgerTransfer" t WHERE t."judgmentId" = j.id AND t.reason = 'JUDGMENT_REWARD') AS transfers
    FROM "Judgment" j JOIN "Item" i ON i.id = j."itemId" WHERE j."projectId" = ${projectId}::uuid`;
  for (const row of rows) {
    if (row.status === 'APPROVED') expect({ transfers: row.transfers, paid: row.paid }).toEqual({ transfers: 1, paid: row.expected });
    else expect(row.transfers).toBe(0);
  }
  return rows;
}

/** What each refund attempt of the job covers: the invoice it pays plus the routing fee it may spend. */
async function refundCovered(jobId: string): Promise<bigint[]> {
  const refunds = await db.agentRefund.findMany({ where: { agentJobId: jobId }, select: { amountMsats: true, feeLimitMsats: true } });
  return refunds.map((r) => r.amountMsats + r.feeLimitMsats);
}

/** The job's escrow and refund balances, and what its escrow paid to workers and as fees. */
async function balances(projectId: string, teamId: string) {
  const escrowKey = accountKey({ kind: 'PROJECT_ESCROW', teamId, projectId });
  const balanceOf = async (key: string) => (await db.ledgerAccount.findUnique({ where: { key } }))?.balanceMsats ?? 0n;
  const paidAs = async (reason: 'JUDGMENT_REWARD' | 'PLATFORM_FEE') =>
    (await db.ledgerTransfer.aggregate({ where: { reason, debitAccount: { key: escrowKey } }, _sum: { amountMsats: true } }))._sum.amountMsats ?? 0n;
  return {
    escrow: await balanceOf(escrowKey),
    refund: await balanceOf(accountKey({ kind: 'AGENT_REFUND', teamId, projectId })),
    workers: await paidAs('JUDGMENT_REWARD'),
    fees: await paidAs('PLATFORM_FEE'),
  };
}

describe('conversation-tree jobs over L402', () => {
  it('buys 2 peer-reviewed human replies to a conversation, ranked, and reads them back; every msat is accounted for', { timeout: 180_000 }, async () => {
    const wallet = createAgentWallet();
    const client = clientFor(wallet);
    const request = {
      taskType: 'TREE_REPLIES' as const,
      conversation,
      replies: 2,
      reviewsPerReply: 2,
      reviewLabels: ['quality'],
      rank: true,
      rankers: 2,
      rewardSats: { reply: 5, review: 1, rank: 2 },
      refundTo,
    };
    // 2 replies × 5,250 + 4 reviews × 1,050 + 2 rankings × 2,100 = 18,900 msats of work, rounded up to 19 sats.
    const quote = await client.quote(request);
    expect(quote).toMatchObject({ priceMsats: 19_000n, judgments: 8 });

    const created = await client.createJob(request);
    expect(wallet.paid.map((p) => p.amountMsats)).toEqual([19_000n]);
    expect(created.job).toMatchObject({ status: 'ACTIVE', taskType: 'TREE_REPLIES', judgmentsNeeded: 8, judgmentsDone: 0, paidMsats: 19_000n });
    const { projectId, project } = await projectOf(created.job.id);
    // Only the last turn is answered: one reply task with 2 slots.
    expect(await db.item.findMany({ where: { projectId }, select: { treeTaskKind: true, judgmentsNeeded: true } })).toEqual([{ treeTaskKind: 'REPLY', judgmentsNeeded: 2 }]);

    const workers = await createTestWorkers(6);
    const random = createSeededRandom(7);
    const answered = await workUntilDone(projectId, workers, (payload, index) => answerTreeTask(payload as Parameters<typeof answerTreeTask>[0], `w${index}`, random));
    expect(answered).toBe(8);

    const results = await client.getResults(created.job.id, created.token!, { waitSeconds: 5 });
    expect(results.isComplete).toBe(true);
    expect(results.items).toEqual([]);
    expect(results.job).toMatchObject({ status: 'DONE', judgmentsDone: 8, spentMsats: 18_900n });
    const tree = results.tree as TreeJobResult;
    expect(tree).toMatchObject({ kind: 'TREE_REPLIES', state: 'READY', conversation: conversation.map((t) => ({ role: t.role, content: t.content })) });
    expect(tree.replies).toHaveLength(2);
    expect(tree.replies.map((r) => r.rank)).toEqual([0, 1]);
    for (const reply of tree.replies) {
      expect(reply).toMatchObject({ source: 'worker', model: null, review: { reviews: 2, acceptVotes: 2 } });
      expect(reply.worker).toMatch(/\S/);
      expect(workers).not.toContain(reply.worker); // a pseudonym, not the worker's id
      expect(Object.keys(reply.review!.labels).sort()).toEqual(['quality', 'spam']);
    }
    expect(tree.ranking!.order).toEqual(tree.replies.map((r) => r.id));
    expect(tree.ranking!.rankers).toHaveLength(2);
    const authors = new Set(tree.replies.map((r) => r.worker));
    for (const ranker of tree.ranking!.rankers) {
      expect(authors.has(ranker.worker)).toBe(false); // no self-ranking
      expect([...ranker.order].sort()).toEqual(tree.replies.map((r) => r.id).sort());
    }
    expect([0, 1]).toContain(tree.ranking!.agreement);

    // To the msat: 18,000 to workers, 900 fee, and the 100 of rounding (under the smallest payable refund) kept as
    // fee income, on record; escrow empty.
    await expectPaidOnce(projectId);
    const money = await balances(projectId, project.teamId);
    expect(money).toEqual({ escrow: 0n, refund: 0n, workers: 18_000n, fees: 900n });
    expect(await db.ledgerTransfer.count({ where: { reason: 'ESCROW_RELEASE', amountMsats: 100n, debitAccount: { key: `project:${projectId}:escrow` } } })).toBe(1);
    expect(await getLedgerSum(db)).toBe(0n);
  });

  it('finishes with 8 workers at once and the evaluator paying nothing until the end: the exact price keeps every task claimable', { timeout: 180_000 }, async () => {
    const client = clientFor(createAgentWallet());
    const request = { taskType: 'TREE_REPLIES' as const, conversation, replies: 3, reviewsPerReply: 2, rank: true, rankers: 2, refundTo };
    const created = await client.createJob(request);
    const { projectId, project } = await projectOf(created.job.id);
    const workers = await createTestWorkers(8);
    // Reviews stay PENDING (promised) the whole time: counted at the dearest kind's reward, the rankings would be
    // refused for escrow; counted at their own, the exact price covers them.
    const runs = await Promise.all(workers.map((worker, index) => runTreeWorker(worker, projectId, createSeededRandom(index + 11), { deadline: Date.now() + 90_000 })));
    expect(runs.reduce((sum, run) => sum + run.done, 0)).toBe(3 + 6 + 2);
    await drainEvaluator();
    const results = await client.getResults(created.job.id, created.token!, { waitSeconds: 5 });
    expect(results).toMatchObject({ isComplete: true, job: { status: 'DONE', judgmentsDone: 11 }, tree: { state: 'READY' } });
    expect(results.tree!.replies.map((r) => r.rank)).toEqual([0, 1, 2]);
    await expectPaidOnce(projectId);
    // 3 × 5,250 + 6 × 1,050 + 2 × 2,100 = 26,250 spent of the 27,000 paid; the 750 left is under a payable refund.
    expect(created.paidMsats).toBe(27_000n);
    const money = await balances(projectId, project.teamId);
    expect(money).toEqual({ escrow: 0n, refund: 0n, workers: 25_000n, fees: 1_250n });
    expect(await getLedgerSum(db)).toBe(0n);
  });

  it('has the agent’s candidate replies ranked by 3 workers: merged order, each ranker’s order, agreement', { timeout: 120_000 }, async () => {
    const wallet = createAgentWallet();
    const client = clientFor(wallet);
    const candidates = [
      { id: 'model-a', text: 'Call it Ash.', model: 'small-v1' },
      { id: 'model-b', text: 'Maybe Nimbus, like a rain cloud.', model: 'large-v2' },
      { text: 'Graphite.' },
    ];
    const request = { taskType: 'TREE_RANKING' as const, conversation: conversation.slice(0, 1), candidates, rankers: 3, rewardSats: 2, refundTo };
    // 3 rankings × 2,100 msats = 6,300, rounded up to 7 sats.
    expect(await client.quote(request)).toMatchObject({ priceMsats: 7_000n, judgments: 3 });
    const created = await client.createJob(request);
    const { projectId, project } = await projectOf(created.job.id);

    // Every ranker prefers the longest reply (Nimbus, then Ash, then Graphite): they all agree.
    const workers = await createTestWorkers(3);
    const answered = await workUntilDone(projectId, workers, (payload) => {
      const { candidates: shown } = (payload as { tree: { candidates: { id: string; text: string }[] } }).tree;
      return { order: [...shown].sort((a, b) => b.text.length - a.text.length).map((c) => c.id) };
    });
    expect(answered).toBe(3);

    const results = await client.getResults(created.job.id, created.token!, { waitSeconds: 5 });
    expect(results).toMatchObject({ isComplete: true, job: { status: 'DONE', taskType: 'TREE_RANKING', spentMsats: 6_300n } });
    const tree = results.tree as TreeJobResult;
    expect(tree.replies.map((r) => [r.id, r.source, r.model, r.rank, r.review])).toEqual([
      ['model-b', 'candidate', 'large-v2', 0, null],
      ['model-a', 'candidate', 'small-v1', 1, null],
      ['c2', 'candidate', 'agent', 2, null],
    ]);
    expect(tree.ranking).toMatchObject({ order: ['model-b', 'model-a', 'c2'], agreement: 1 });
    expect(tree.ranking!.rankers.map((r) => r.order)).toEqual(Array(3).fill(['model-b', 'model-a', 'c2']));
    expect(new Set(tree.ranking!.rankers.map((r) => r.worker)).size).toBe(3);

    await expectPaidOnce(projectId);
    expect(await balances(projectId, project.teamId)).toEqual({ escrow: 0n, refund: 0n, workers: 6_000n, fees: 300n });
    // 700 msats of rounding, under the smallest payable refund: kept as fee income, on record.
    expect(await db.ledgerTransfer.count({ where: { reason: 'ESCROW_RELEASE', amountMsats: 700n } })).toBe(1);
    expect(await getLedgerSum(db)).toBe(0n);
  });

  it('expires at its deadline with one reply accepted, one unreviewed and one unwritten, pays both writers and refunds the rest', { timeout: 120_000 }, async () => {
    const wallet = createAgentWallet();
    const client = clientFor(wallet);
    const request = { taskType: 'TREE_REPLIES' as const, conversation, replies: 3, reviewsPerReply: 1, rewardSats: { reply: 5, review: 1, rank: 2 }, deadlineHours: 1, refundTo };
    // 3 × 5,250 + 3 × 1,050 = 18,900 of work, rounded up to 19 sats.
    const created = await client.createJob(request);
    expect(created.paidMsats).toBe(19_000n);
    const { projectId, project } = await projectOf(created.job.id);
    const [writer, reviewer, lateWriter] = await createTestWorkers(3);

    /** The worker's next task of this kind (a lease on another kind is given back). */
    const taskOf = async (workerId: string, kind: string) => {
      for (let attempt = 0; attempt < 3; attempt++) {
        const claim = await claimNextAssignment(workerId, projectId);
        if (claim.kind !== 'assigned') throw new Error(`no task for ${kind}`);
        const { item } = await db.assignment.findUniqueOrThrow({ where: { id: claim.assignment.assignmentId }, select: { item: { select: { treeTaskKind: true } } } });
        if (item.treeTaskKind === kind) return claim.assignment.assignmentId;
        await releaseLease(claim.assignment.assignmentId);
      }
      throw new Error(`no ${kind} task`);
    };
    await submitJudgment(writer, { assignmentId: await taskOf(writer, 'REPLY'), answer: { text: 'Pewter, or Fog.' } });
    await submitJudgment(reviewer, { assignmentId: await taskOf(reviewer, 'REVIEW'), answer: { spam: false, labels: { quality: 1 }, redFlag: false } });
    await drainEvaluator();
    // The second reply comes in, but nobody reviews it before the deadline.
    await submitJudgment(lateWriter, { assignmentId: await taskOf(lateWriter, 'REPLY'), answer: { text: 'Quartz.' } });

    const deadline = (await db.agentJob.findUniqueOrThrow({ where: { id: created.job.id } })).deadlineAt;
    expect(await sweepAgentJobs(new Date(deadline.getTime() + 1000))).toMatchObject({ expired: 1 });

    const results = await client.getResults(created.job.id, created.token!);
    // The unreviewed reply's writer is paid at the close (the reviews can no longer come), and the agent sees it as not accepted.
    expect(results).toMatchObject({ isComplete: true, job: { status: 'EXPIRED', judgmentsDone: 3, spentMsats: 11_550n } });
    expect(results.tree!.replies.map((r) => [r.text, r.accepted, r.rank, r.review?.reviews])).toEqual([
      ['Pewter, or Fog.', true, null, 1],
      ['Quartz.', false, null, 0],
    ]);
    expect(results.tree!.ranking).toBeNull();

    await expectPaidOnce(projectId);
    // 11,000 to the three workers, 550 fee, and the other 7,450 back to the agent.
    expect(await balances(projectId, project.teamId)).toEqual({ escrow: 0n, refund: 7_450n, workers: 11_000n, fees: 550n });
    expect(await refundCovered(created.job.id)).toEqual([7_450n]);
    // No more work is handed out.
    expect((await claimNextAssignment(reviewer, projectId)).kind).not.toBe('assigned');
    expect(await getLedgerSum(db)).toBe(0n);
  });

  it('refuses bad conversations and candidates with 422s naming the field, before any invoice', async () => {
    const before = await fingerprint();
    const post = (body: unknown) => fetch(`${api.origin}/api/agent/v1/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const replies = { taskType: 'TREE_REPLIES', conversation, replies: 2, refundTo };
    const ranking = { taskType: 'TREE_RANKING', conversation, candidates: [{ text: 'Ash' }, { text: 'Nimbus' }], refundTo };
    const cases: [unknown, string][] = [
      [{ ...replies, conversation: conversation.slice(0, 2) }, 'body.conversation.1.role'],
      [{ ...replies, conversation: [{ role: 'assistant', content: 'Hi' }] }, 'body.conversation.0.role'],
      [{ ...replies, conversation: [{ role: 'user', content: '   ' }] }, 'body.conversation.0.content'],
      [{ ...replies, replies: 11 }, 'body.replies'],
      [{ ...replies, replies: 1, rank: true }, 'body.rank'],
      [{ ...ranking, candidates: [{ text: 'Call it Ash.' }, { text: 'call it ASH' }] }, 'body.candidates.1.text'],
      [{ ...ranking, candidates: [{ id: 'x', text: 'Ash' }, { id: 'x', text: 'Nimbus' }] }, 'body.candidates.1.id'],
      [{ ...ranking, candidates: [{ text: 'Ash' }] }, 'body.candidates'],
    ];
    for (const [body, path] of cases) {
      const response = await post(body);
      expect(response.status, path).toBe(422);
      expect(response.headers.get('www-authenticate')).toBeNull();
      const problem = await response.json();
      expect(problem.errors.map((e: { path: string }) => e.path), path).toContain(path);
    }
    expect(await fingerprint()).toBe(before);
  });
});
