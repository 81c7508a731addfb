// Test helpers for agent jobs: a funded agent job on real PostgreSQL, judgments on it, and the agent's own
// LNURL-pay server on 127.0.0.1 whose invoices belong to a simulated node, so the platform's node really pays them.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { db } from '@/lib/db';
import type { AgentRefundKind } from '@/lib/generated/prisma/enums';
import { getOrCreateAccount } from '@/lib/ledger/accounts';
import { postTransfer } from '@/lib/ledger/transfer';
import { encodeLnurl } from '@/lib/lnurl/codec';
import { createWalletNode } from '@/lib/wallet-sim/sim-wallet';

export const randomHex = (bytes = 32) => randomBytes(bytes).toString('hex');
const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
/** What the tests pass so refunds may use plain http to 127.0.0.1. */
export const LOCAL_HOOKS = { allowHttp: true, allowInsecureHosts: true } as const;

export type AgentJobFixture = { jobId: string; projectId: string; teamId: string; depositId: string; itemIds: string[] };

/**
 * An ACTIVE agent job: its project (auto-approval at once, 5 % fee), `items` non-gold items, and a PAID deposit of
 * `paidMsats` credited LIGHTNING_IN -> PROJECT_ESCROW as a settled L402 payment would be.
 */
export async function createAgentJob(input: {
  paidMsats: bigint;
  refundKind: AgentRefundKind;
  refundTarget: string;
  items?: number;
  rewardMsats?: bigint;
  deadlineAt?: Date;
}): Promise<AgentJobFixture> {
  const team = await db.team.create({ data: { name: 'Agents', slug: `agents-${randomHex(6)}` } });
  const project = await db.project.create({
    data: {
      teamId: team.id,
      title: 'Agent job',
      taskType: 'WRITING',
      typeConfig: {},
      rewardMsats: input.rewardMsats ?? 21_000n,
      feeBps: 500,
      judgmentsPerItem: 1,
      maxJudgmentsPerItem: 1,
      goldRatio: 0,
      autoApproveAfterSeconds: 0,
      status: 'ACTIVE',
    },
  });
  const itemIds: string[] = [];
  for (let index = 0; index < (input.items ?? 3); index++) {
    const item = await db.item.create({ data: { projectId: project.id, externalId: `item-${index}`, payload: { prompt: `p${index}` }, judgmentsNeeded: 1, openSlots: 1 } });
    itemIds.push(item.id);
  }
  const deposit = await db.deposit.create({
    data: {
      teamId: team.id,
      projectId: project.id,
      amountMsats: input.paidMsats,
      bolt11: `lnbcrt-test-${randomHex(8)}`,
      paymentHash: randomHex(),
      backend: 'sim',
      status: 'PAID',
      expiresAt: new Date(Date.now() + 600_000),
      paidAt: new Date(),
    },
  });
  await db.$transaction(async (t) => {
    const from = await getOrCreateAccount(t, { kind: 'LIGHTNING_IN' });
    const escrow = await getOrCreateAccount(t, { kind: 'PROJECT_ESCROW', teamId: team.id, projectId: project.id });
    await postTransfer(t, { debitAccountId: from.id, creditAccountId: escrow.id, amountMsats: input.paidMsats, idempotencyKey: `deposit:${deposit.id}`, reason: 'DEPOSIT', depositId: deposit.id });
  });
  const job = await db.agentJob.create({
    data: {
      tokenId: randomHex(16),
      projectId: project.id,
      depositId: deposit.id,
      paidMsats: input.paidMsats,
      refundKind: input.refundKind,
      refundTarget: input.refundTarget,
      deadlineAt: input.deadlineAt ?? new Date(Date.now() + 3600_000),
    },
  });
  return { jobId: job.id, projectId: project.id, teamId: team.id, depositId: deposit.id, itemIds };
}

/** A worker's PENDING judgment on an item (its lease SUBMITTED, the item DONE), as a submit leaves it. */
export async function submitJudgment(fixture: AgentJobFixture, itemId: string, rewardMsats = 21_000n): Promise<string> {
  const user = await db.user.create({
    data: { roles: ['WORKER'], workerProfile: { create: { linkingKey: `02${randomHex()}`, displayName: 'W' } } },
    select: { workerProfile: { select: { id: true } } },
  });
  const workerId = user.workerProfile!.id;
  const assignment = await db.assignment.create({ data: { itemId, projectId: fixture.projectId, workerId, leaseExpiresAt: new Date(Date.now() + 600_000), status: 'SUBMITTED', finishedAt: new Date() } });
  await db.item.update({ where: { id: itemId }, data: { openSlots: 0, judgmentsDone: 1, status: 'DONE', completedAt: new Date() } });
  const judgment = await db.judgment.create({
    data: { assignmentId: assignment.id, itemId, projectId: fixture.projectId, workerId, answer: { text: 'answer' }, durationMs: 5000, rewardMsats },
  });
  return judgment.id;
}

export type LnurlPayMode = 'ok' | 'error' | 'down';

/**
 * The agent's LNURL-pay service: `/.well-known/lnurlp/agent` (its Lightning Address) and `/lnurlp/agent` (its
 * LNURL-pay link) answer the same payRequest, with invoices of the agent's simulated node committing to
 * sha256(metadata). `down` drops the connection, as an unreachable server would.
 */
export async function startAgentLnurlServer(agentNodeSeed: string) {
  const agentNode = createWalletNode(agentNodeSeed);
  const metadata = JSON.stringify([['text/plain', 'Refund for agent job'], ['text/identifier', 'agent@agents.test']]);
  const state = { mode: 'ok' as LnurlPayMode, invoices: [] as { paymentHash: string; amountMsats: bigint }[], maxSendable: 1_000_000_000 };
  let origin = '';
  const server = http.createServer(async (req, res) => {
    if (state.mode === 'down') return req.socket.destroy();
    const url = new URL(`http://127.0.0.1${req.url}`);
    const reply = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/lnurlp/agent' || url.pathname === '/lnurlp/agent') {
      return reply({ tag: 'payRequest', callback: `${origin}/lnurlp/agent/callback`, minSendable: 1000, maxSendable: state.maxSendable, metadata });
    }
    if (url.pathname === '/lnurlp/agent/callback') {
      if (state.mode === 'error') return reply({ status: 'ERROR', reason: 'wallet offline' });
      const amountMsats = BigInt(url.searchParams.get('amount') ?? '0');
      const { bolt11, paymentHash } = await agentNode.createInvoice({ amountMsats, description: 'Refund for agent job', descriptionHash: sha256Hex(metadata), expirySeconds: 600 });
      state.invoices.push({ paymentHash, amountMsats });
      return reply({ pr: bolt11, routes: [] });
    }
    res.writeHead(404).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    state,
    address: `agent@127.0.0.1:${port}`,
    lnurl: encodeLnurl(`${origin}/lnurlp/agent`),
    lud17: `lnurlp://127.0.0.1:${port}/lnurlp/agent`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
