// The matrix rows that are public by design (test/authz/matrix.ts, area 'public'): sign-in actions, the health check,
// the OpenAPI document and the LNURL endpoints wallets call without a session. Each is reachable anonymously; the
// demo-only ones refuse everyone outside demo mode (nobody can "dev sign in" as an admin on a real deployment); and
// forged LNURL credentials change nothing. Also checks the harness itself: the fingerprint sees a one-field change.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('@/lib/auth/viewer', async () => (await import('./mocks')).viewerModule());
vi.mock('next/navigation', async () => (await import('./mocks')).navigationModule);
vi.mock('next/cache', async () => (await import('./mocks')).cacheModule);
vi.mock('next/headers', async () => (await import('./mocks')).headersModule);

import { GET as healthCheck } from '@/app/api/health/route';
import { GET as lnurlAuth } from '@/app/api/lnurl/auth/route';
import { GET as lnurlWithdrawCallback } from '@/app/api/lnurl/withdraw/callback/route';
import { GET as lnurlWithdraw } from '@/app/api/lnurl/withdraw/route';
import { GET as openApi } from '@/app/api/v1/openapi.json/route';
import { POST as agentQuote } from '@/app/api/agent/v1/quote/route';
import { POST as agentCreateJob } from '@/app/api/agent/v1/jobs/route';
import { DELETE as agentCancelJob, GET as agentGetJob } from '@/app/api/agent/v1/jobs/[jobId]/route';
import { GET as agentJobResults } from '@/app/api/agent/v1/jobs/[jobId]/results/route';
import { findL402Challenge } from '@/lib/agent-client';
import { GET as demoPayRequest } from '@/app/api/demo/lnurlp/route';
import { GET as agentOpenApi } from '@/app/api/agent/v1/openapi.json/route';
import { GET as demoPayCallback } from '@/app/api/demo/lnurlp/callback/route';
import { createAgentWallet } from '../agents/harness';
import {
  claimWalletLoginAction, devSignInAction, pollWalletLoginAction, signInWithDemoWalletAction, signInWithPasswordAction, signOutAction, startWalletLoginAction,
} from '@/lib/auth/actions';
import { requestPasswordResetAction, resetPasswordAction } from '@/lib/auth/password-reset-actions';
import { db } from '@/lib/db';
import { isDemoMode } from '@/lib/demo/accounts';
import { stopBoss } from '@/lib/jobs/boss';
import { acceptInviteAsViewerAction, acceptInviteWithNewAccountAction } from '@/lib/teams/invite-actions';
import { runWalletSimAction } from '@/lib/wallet-sim/actions';
import { session } from './mocks';
import { actAs, createWorld, defineMatrixTests, expectRefusedAndUnchanged, fingerprintAll, type Probe, type World } from './harness';

afterAll(() => stopBoss());

let world: World;
beforeAll(async () => {
  world = await createWorld();
});

const form = (values: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
};

const someLnurl = 'lnurl1dp68gurn8ghj7um9wfmxjcm99e3k7mf0v9cxj0m385ekvcenxc6r2c35xvukxefcv5mkvv34x5ekzd3ev56nyd3hx';
const noParams = { params: Promise.resolve({}) };
const forgedK1 = () => randomBytes(32).toString('hex');

const agentJob = {
  taskType: 'CLASSIFICATION', instructions: 'Cat or dog?', typeConfig: { labels: ['cat', 'dog'] }, items: [{ id: 'a', text: 'Photo' }],
  judgmentsPerItem: 1, rewardSats: 1, refundTo: { type: 'lightning_address', address: 'agent@wallet.example' },
};
const agentPost = (path: string, authorization?: string) =>
  new Request(`http://localhost/api/agent/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body: JSON.stringify(agentJob) });
let paidAgentJob: Promise<{ id: string; authorization: string }> | undefined;
/** A job bought the real way (402, paid from a simulated wallet, retried), made once: its token is the credential. */
const agentJobWithToken = () =>
  (paidAgentJob ??= (async () => {
    const challenge = findL402Challenge((await agentCreateJob(agentPost('/jobs'), noParams)).headers.get('www-authenticate'));
    if (challenge === 'none' || challenge === 'malformed') throw new Error('no L402 challenge');
    const authorization = `L402 ${challenge.macaroon}:${await createAgentWallet().payInvoice(challenge.invoice)}`;
    const created = await agentCreateJob(agentPost('/jobs', authorization), noParams);
    return { id: ((await created.json()) as { id: string }).id, authorization };
  })());
const agentRead = async (handler: typeof agentGetJob, path = '', method = 'GET') => {
  const { id, authorization } = await agentJobWithToken();
  return handler(new Request(`http://localhost/api/agent/v1/jobs/${id}${path}`, { method, headers: { authorization } }), { params: Promise.resolve({ jobId: id }) });
};

const probes: Record<string, Probe> = {
  'app/api/demo/lnurlp/route.ts#GET': () => demoPayRequest(),
  'app/api/demo/lnurlp/callback/route.ts#GET': () => demoPayCallback(new Request('http://localhost/api/demo/lnurlp/callback?amount=5000')),
  'app/api/agent/v1/openapi.json/route.ts#GET': () => agentOpenApi(new Request('http://localhost/api/agent/v1/openapi.json'), noParams),
  'app/api/agent/v1/quote/route.ts#POST': () => agentQuote(agentPost('/quote'), noParams),
  'app/api/agent/v1/jobs/route.ts#POST': () => agentCreateJob(agentPost('/jobs'), noParams),
  'app/api/agent/v1/jobs/[jobId]/route.ts#GET': () => agentRead(agentGetJob),
  'app/api/agent/v1/jobs/[jobId]/results/route.ts#GET': () => agentRead(agentJobResults, '/results'),
  'app/api/agent/v1/jobs/[jobId]/route.ts#DELETE': () => agentRead(agentCancelJob, '', 'DELETE'),
  'lib/auth/actions.ts#signInWithPasswordAction': () => signInWithPasswordAction({}, form({ email: 'nobody@example.test', password: 'not-the-password-123' })),
  'lib/auth/password-reset-actions.ts#requestPasswordResetAction': () => requestPasswordResetAction({}, form({ email: 'nobody@example.test' })),
  'lib/auth/password-reset-actions.ts#resetPasswordAction': () =>
    resetPasswordAction({}, form({ token: 'x'.repeat(43), password: 'a long enough password', confirm: 'a long enough password' })),
  'lib/teams/invite-actions.ts#acceptInviteWithNewAccountAction': () =>
    acceptInviteWithNewAccountAction({}, form({ token: 'x'.repeat(43), name: 'Guess', password: 'a long enough password', confirm: 'a long enough password' })),
  'lib/teams/invite-actions.ts#acceptInviteAsViewerAction': () => acceptInviteAsViewerAction({}, form({ token: 'x'.repeat(43) })),
  'lib/auth/actions.ts#startWalletLoginAction': () => startWalletLoginAction(),
  'lib/auth/actions.ts#pollWalletLoginAction': () => pollWalletLoginAction('/tasks'),
  'lib/auth/actions.ts#claimWalletLoginAction': () => claimWalletLoginAction(crypto.randomUUID()),
  'lib/auth/actions.ts#signOutAction': () => signOutAction(),
  'lib/auth/actions.ts#signInWithDemoWalletAction': () => signInWithDemoWalletAction(someLnurl),
  'lib/auth/actions.ts#devSignInAction': () => devSignInAction(form({ role: 'ADMIN' })),
  'lib/wallet-sim/actions.ts#runWalletSimAction': () => runWalletSimAction(null, form({ lnurl: someLnurl, action: 'login' })),
  'app/api/health/route.ts#GET': () => healthCheck(),
  'app/api/v1/openapi.json/route.ts#GET': () => openApi(new Request('http://localhost/api/v1/openapi.json'), noParams),
  'app/api/lnurl/auth/route.ts#GET': () => lnurlAuth(new Request(`http://localhost/api/lnurl/auth?tag=login&k1=${forgedK1()}&sig=00&key=02${'ab'.repeat(32)}`)),
  'app/api/lnurl/withdraw/route.ts#GET': () => lnurlWithdraw(new Request(`http://localhost/api/lnurl/withdraw?k1=${forgedK1()}`)),
  'app/api/lnurl/withdraw/callback/route.ts#GET': () => lnurlWithdrawCallback(new Request(`http://localhost/api/lnurl/withdraw/callback?k1=${forgedK1()}&pr=lnbc10n1pforgedinvoiceforgedinvoice`)),
};

defineMatrixTests({
  area: 'public',
  world: () => world,
  probes,
  allowedLast: ['app/api/agent/v1/jobs/[jobId]/route.ts#DELETE'],
  afterAllowed: {
    'lib/auth/actions.ts#signInWithPasswordAction': async (_w, outcome) => {
      expect(outcome.detail).toContain('"error"');
      expect(await db.session.count()).toBe(0);
    },
    'lib/auth/password-reset-actions.ts#requestPasswordResetAction': async (_w, outcome) => {
      expect(outcome.detail).toContain('"sent":true');
      expect(await db.passwordReset.count()).toBe(0);
    },
    'lib/auth/password-reset-actions.ts#resetPasswordAction': async (_w, outcome) => {
      expect(outcome.detail).toContain('expired or was already used');
    },
    'lib/teams/invite-actions.ts#acceptInviteWithNewAccountAction': async (_w, outcome) => {
      expect(outcome.detail).toContain('This invite has expired');
      expect(await db.user.count({ where: { name: 'Guess' } })).toBe(0);
    },
    'lib/teams/invite-actions.ts#acceptInviteAsViewerAction': async (_w, outcome) => {
      // Anonymous: asked to sign in first; signed in, a guessed token is refused (lib/teams/teams.int.test.ts).
      expect(outcome.detail).toContain('Please sign in.');
    },
    'lib/auth/actions.ts#pollWalletLoginAction': async (_w, outcome) => {
      expect(outcome.detail).toContain('"status":"expired"');
    },
  },
});

describe('outside demo mode', () => {
  it('is where these tests run (so the demo-only refusals above are the real thing)', () => {
    expect(isDemoMode()).toBe(false);
  });
});

describe('forged LNURL credentials', () => {
  // Wallets call these without a session: the k1 is the credential. A guessed one must be answered with the
  // protocol's error and change nothing (no link claimed, no payout, no session).
  for (const [label, run] of [
    ['withdraw request', probes['app/api/lnurl/withdraw/route.ts#GET']],
    ['withdraw callback', probes['app/api/lnurl/withdraw/callback/route.ts#GET']],
    ['auth callback', probes['app/api/lnurl/auth/route.ts#GET']],
  ] as const) {
    it(`${label}: answers ERROR and changes nothing`, async () => {
      actAs(world, 'anonymous');
      const before = await fingerprintAll();
      const sessionsBefore = await db.session.count();
      const response = (await run(world, 'anonymous')) as Response;
      expect(await response.json()).toMatchObject({ status: 'ERROR' });
      expect(await fingerprintAll()).toBe(before);
      expect(await db.session.count()).toBe(sessionsBefore);
    });
  }
});

describe('a sign-in challenge rendered by the page', () => {
  it('is bound to the browser that presents its id while it is pending or signed; a used or unknown one is not', async () => {
    const { createWalletLoginChallenge } = await import('@/lib/auth/wallet-login');
    const { walletLoginCookieName } = await import('@/lib/auth/request-context');
    session.cookies.clear();
    const pending = await createWalletLoginChallenge();
    expect(await claimWalletLoginAction(pending.challengeId)).toEqual({ ok: true });
    expect(session.cookies.get(walletLoginCookieName())).toBe(pending.challengeId);

    // Signed by a fast wallet before the page claimed it: still this browser's to pick up.
    session.cookies.clear();
    const signed = await createWalletLoginChallenge();
    await db.lnurlAuthChallenge.update({ where: { id: signed.challengeId }, data: { status: 'VERIFIED' } });
    expect(await claimWalletLoginAction(signed.challengeId)).toEqual({ ok: true });

    session.cookies.clear();
    const used = await createWalletLoginChallenge();
    await db.lnurlAuthChallenge.update({ where: { id: used.challengeId }, data: { status: 'CONSUMED' } });
    expect(await claimWalletLoginAction(used.challengeId)).toEqual({ ok: false });
    expect(await claimWalletLoginAction('not-a-uuid')).toEqual({ ok: false });
    expect(session.cookies.size).toBe(0);
  });
});

describe('the harness', () => {
  it('sees a one-field change anywhere in the domain tables', async () => {
    const before = await fingerprintAll();
    await db.webhook.update({ where: { id: world.other.webhookId }, data: { failureCount: { increment: 1 } } });
    expect(await fingerprintAll()).not.toBe(before);
  });

  it('counts a refusal that changed a row as a failure', async () => {
    const error = await expectRefusedAndUnchanged('a fake refusal that writes', async () => {
      await db.project.update({ where: { id: world.other.projectId }, data: { title: 'changed' } });
      return new Response(null, { status: 404 });
    }).catch((e: unknown) => e);
    expect(String(error)).toContain('was refused but changed the database');
  });

  it('counts an answer that is not a refusal as a failure', async () => {
    const error = await expectRefusedAndUnchanged('a fake success', async () => ({ ok: true })).catch((e: unknown) => e);
    expect(String(error)).toContain('should be refused');
  });
});
