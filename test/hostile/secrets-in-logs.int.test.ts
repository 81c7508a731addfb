// Secrets never reach the log. Everything written through console.* and process.stdout/stderr is captured while the
// paths that handle secrets run, successes and failures: API key auth, LNURL-auth with a k1, LNURL-withdraw with a
// k1, webhook delivery with its signing secret, a session token, a password, and Lightning node calls that fail
// with the LND macaroon and the phoenixd password configured (one node even echoes the macaroon in its error, so
// the log's own scrubbing is what stands between it and the output). Then the capture is grepped for every secret
// in every encoding it could be written in.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// A macaroon of a realistic size, and a phoenixd password, configured as a real deployment would.
const MACAROON = randomBytes(150).toString('hex');
const PHOENIXD_PASSWORD = `phx-${randomBytes(12).toString('hex')}`;
process.env.LND_MACAROON_HEX = MACAROON;
process.env.PHOENIXD_PASSWORD = PHOENIXD_PASSWORD;
process.env.BOLTWORK_PUBLIC_URL = 'https://boltwork.example';

vi.mock('@/lib/auth/viewer', () => ({ requireRole: vi.fn() }));

const { db } = await import('@/lib/db');
const { logError, logInfo, logWarn } = await import('@/lib/log');
const { callApi, createTeamWithKey, pairwiseProject } = await import('@/test/api/helpers');
const { createProjectRoute, listProjectsRoute } = await import('@/lib/api/v1/projects');
const { createWebhookRoute } = await import('@/lib/api/v1/webhooks');
const { GET: authCallback } = await import('@/app/api/lnurl/auth/route');
const { GET: withdrawCallback } = await import('@/app/api/lnurl/withdraw/callback/route');
const { GET: withdrawRead } = await import('@/app/api/lnurl/withdraw/route');
const { createWalletLoginChallenge, pollWalletLogin } = await import('@/lib/auth/wallet-login');
const { signInWithPassword } = await import('@/lib/auth/staff-login');
const { hashPassword } = await import('@/lib/auth/password');
const { getViewerBySessionToken } = await import('@/lib/auth/sessions');
const { linkingKeyFor, signK1 } = await import('@/lib/wallet-sim/keys');
const { fundedWorker, randomSeed } = await import('@/lib/payouts/test-support');
const { createWithdrawLink } = await import('@/lib/payouts/links');
const { sendPayout } = await import('@/lib/payouts/send');
const { createWalletNode } = await import('@/lib/wallet-sim/sim-wallet');
const { deliverWebhook } = await import('@/lib/webhooks/deliver');
const { emitWebhookEvent } = await import('@/lib/webhooks/emit');
const { startTestReceiver } = await import('@/lib/webhooks/test-receiver');
const { LndBackend } = await import('@/lib/lightning/backends/lnd');
const { PhoenixdBackend } = await import('@/lib/lightning/backends/phoenixd');
const { stopBoss } = await import('@/lib/jobs/boss');

afterAll(() => stopBoss());

/** Collects every write to the console and to stdout/stderr until stopped. */
function captureOutput() {
  const chunks: string[] = [];
  const keep = (...args: unknown[]) => {
    chunks.push(args.map((arg) => (typeof arg === 'string' ? arg : arg instanceof Error ? `${arg.message}\n${arg.stack}` : JSON.stringify(arg, (_k, v) => (typeof v === 'bigint' ? String(v) : v)))).join(' '));
  };
  const spies = [
    ...(['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((level) => vi.spyOn(console, level).mockImplementation(keep)),
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (keep(String(chunk)), true)),
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (keep(String(chunk)), true)),
  ];
  return {
    stop(): string {
      for (const spy of spies) spy.mockRestore();
      return chunks.join('\n');
    },
  };
}

/** A secret as it could appear in text: as is, in both hex cases, base64, base64url and URL-encoded. */
function encodingsOf(secret: string): string[] {
  const forms = [secret, encodeURIComponent(secret), Buffer.from(secret, 'utf8').toString('base64')];
  if (/^(?:[0-9a-f]{2})+$/i.test(secret)) {
    const bytes = Buffer.from(secret, 'hex');
    forms.push(secret.toLowerCase(), secret.toUpperCase(), bytes.toString('base64'), bytes.toString('base64url'));
  }
  // Long enough that a match cannot be chance; short base64 of short secrets is left out for the same reason.
  return [...new Set(forms)].filter((form) => form.length >= 16);
}

/** A self-signed https server standing in for an LND node that answers every call with an error. */
async function startFailingLnd(message: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'boltwork-hostile-lnd-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'k'), '-out', path.join(dir, 'c'),
  ], { stdio: 'ignore' });
  const cert = readFileSync(path.join(dir, 'c'), 'utf8');
  const server = createServer({ cert, key: readFileSync(path.join(dir, 'k')) }, (_req, res) => {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: 2, message }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cert,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function lnurlGet(handler: (request: Request) => Promise<Response>, url: string) {
  return (await (await handler(new Request(url, { headers: { 'x-forwarded-for': '192.0.2.77', 'user-agent': 'wallet' } }))).json()) as Record<string, unknown>;
}

describe('the log output', () => {
  it('never contains an API key, k1, LNURL, webhook secret, session token, password, macaroon or node password', async () => {
    const secrets: Record<string, string> = { macaroon: MACAROON, 'phoenixd password': PHOENIXD_PASSWORD };
    const receiver = await startTestReceiver(() => secrets['webhook secret'] ?? '');
    const lndNode = await startFailingLnd(`verification failed: macaroon ${MACAROON} is not valid for this node`);
    const capture = captureOutput();
    let output = '';
    try {
      // API keys: success, a near miss, and a request that fails inside (a 500 that is logged).
      const { key, teamId } = await createTeamWithKey();
      secrets['API key'] = key;
      secrets['API key body'] = key.replace(/^bw_live_/, '');
      expect((await callApi(listProjectsRoute, { key })).status).toBe(200);
      expect((await callApi(listProjectsRoute, { key: `${key.slice(0, -1)}x` })).status).toBe(401);
      // A constraint only this file's database has makes the insert fail inside the handler.
      await db.$executeRawUnsafe(`ALTER TABLE "Project" ADD CONSTRAINT hostile_test_explode CHECK (title <> 'explode')`);
      expect((await callApi(createProjectRoute, { key, json: { ...pairwiseProject, title: 'explode' } })).status).toBe(500);
      await db.$executeRawUnsafe(`ALTER TABLE "Project" DROP CONSTRAINT hostile_test_explode`);

      // Passwords and session tokens.
      secrets.password = `pw-${randomBytes(10).toString('hex')}`;
      await db.user.create({ data: { roles: ['ADMIN'], email: 'logs@team.example', passwordHash: await hashPassword(secrets.password) } });
      await expect(signInWithPassword({ email: 'logs@team.example', password: `${secrets.password}-wrong` }, { ip: '192.0.2.5' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      const session = await signInWithPassword({ email: 'logs@team.example', password: secrets.password }, { ip: '192.0.2.5' });
      secrets['session token'] = session.token;
      expect(await getViewerBySessionToken(session.token)).not.toBeNull();

      // LNURL-auth: the challenge's k1 and its bech32 LNURL, a good callback, a replay and a forged one.
      const challenge = await createWalletLoginChallenge();
      const k1 = new URL(challenge.url).searchParams.get('k1')!;
      secrets['login k1'] = k1;
      secrets['login LNURL'] = challenge.lnurl;
      const linking = linkingKeyFor(randomSeed(), 'boltwork.example');
      const signed = `${challenge.url}&sig=${signK1(linking.privateKey, k1)}&key=${linking.publicKeyHex}`;
      expect(await lnurlGet(authCallback, signed)).toEqual({ status: 'OK' });
      expect((await lnurlGet(authCallback, signed)).status).toBe('ERROR');
      expect((await lnurlGet(authCallback, `${challenge.url}&sig=${'30'.padEnd(140, '1')}&key=${linking.publicKeyHex}`)).status).toBe('ERROR');
      expect((await pollWalletLogin(challenge.challengeId, {})).status).toBe('signed-in');

      // LNURL-withdraw: read, pay, reuse, and a malformed invoice, all carrying the k1.
      const workerId = await fundedWorker(30_000n);
      const link = await createWithdrawLink(workerId);
      const withdrawK1 = new URL(link.lnurlw.replace('lnurlw://', 'https://')).searchParams.get('k1')!;
      secrets['withdraw k1'] = withdrawK1;
      secrets['withdraw LNURL'] = link.lnurl;
      const invoice = await createWalletNode(randomSeed()).createInvoice({ amountMsats: 10_000n, description: 'x', expirySeconds: 600 });
      const callbackUrl = `https://boltwork.example/api/lnurl/withdraw/callback?k1=${withdrawK1}`;
      expect(await lnurlGet(withdrawRead, `https://boltwork.example/api/lnurl/withdraw?k1=${withdrawK1}`)).toMatchObject({ tag: 'withdrawRequest' });
      expect((await lnurlGet(withdrawCallback, `${callbackUrl}&pr=garbage-invoice-text`)).status).toBe('ERROR');
      expect(await lnurlGet(withdrawCallback, `${callbackUrl}&pr=${invoice.bolt11}`)).toEqual({ status: 'OK' });
      expect(await sendPayout((await db.withdrawal.findFirstOrThrow({ where: { linkId: link.linkId } })).id)).toBe('PAID');
      expect((await lnurlGet(withdrawCallback, `${callbackUrl}&pr=${invoice.bolt11}`)).status).toBe('ERROR');

      // Webhooks: the secret is returned once; one delivery succeeds, one fails and is logged as a job failure.
      const created = await callApi(createWebhookRoute, { key, json: { url: receiver.url, events: ['batch.completed'] } });
      expect(created.status).toBe(201);
      secrets['webhook secret'] = created.json.secret;
      const emit = () =>
        db.$transaction((tx) => emitWebhookEvent(tx, { teamId, event: 'batch.completed', eventKey: `k-${randomBytes(8).toString('hex')}`, data: { batchId: 'b' } }));
      receiver.respondWith(200);
      expect(await deliverWebhook((await emit())[0], { allowPrivateTargets: true })).toBe('DELIVERED');
      receiver.respondWith(500);
      const failing = await deliverWebhook((await emit())[0], { allowPrivateTargets: true }).catch((error: unknown) => error);
      logError('job webhook.deliver failed', failing, { webhookId: created.json.id });

      // Lightning nodes that fail: LND echoing its macaroon, LND unreachable, phoenixd unreachable.
      const lnd = new LndBackend({ restUrl: lndNode.url, macaroonHex: MACAROON, tlsCertPem: lndNode.cert, network: 'regtest', requestTimeoutMs: 2_000, paymentGraceMs: 100 });
      const echoed = await lnd.getInfo().catch((error: Error) => error);
      // The node echoed it: the backend masks it in the error itself, so neither a log nor a stored failure reason
      // can carry it (and the log masks it again, checked below).
      expect(String((echoed as Error).message)).toContain('[redacted]');
      expect(String((echoed as Error).message)).not.toContain(MACAROON.slice(0, 32));
      logError('lightning node check failed', echoed);
      const payment = await lnd.payInvoice({ bolt11: invoice.bolt11, paymentHash: invoice.paymentHash, amountMsats: 10_000n, feeLimitMsats: 100n, timeoutSeconds: 1 });
      logWarn('payout left pending', { outcome: payment });
      await lnd.close();
      const offline = new LndBackend({ restUrl: 'https://127.0.0.1:1', macaroonHex: MACAROON, tlsCertPem: lndNode.cert, network: 'regtest', requestTimeoutMs: 1_000 });
      logError('lightning node unreachable', await offline.getInvoice('ab'.repeat(32)).catch((error: unknown) => error));
      await offline.close();
      const phoenixd = new PhoenixdBackend({ url: 'http://127.0.0.1:1', password: PHOENIXD_PASSWORD, network: 'regtest', requestTimeoutMs: 1_000 });
      logError('phoenixd unreachable', await phoenixd.getInfo().catch((error: unknown) => error));

      // Careless call sites: secrets handed to the log inside fields and messages are masked too.
      logInfo(`wallet called ${signed}`, { headers: { authorization: `Bearer ${key}` }, k1 });
      logError('withdraw failed', new Error(`GET ${callbackUrl}&pr=${invoice.bolt11} failed; LNURL ${link.lnurl}; Bearer ${key}`));
    } finally {
      output = capture.stop();
      await receiver.close();
      await lndNode.close();
    }
    // The capture saw the failures above (so an empty capture cannot pass the greps below).
    for (const marker of ['api request failed', 'job webhook.deliver failed', 'lightning node check failed', 'phoenixd unreachable', 'verification failed', 'wallet called']) {
      expect(output).toContain(marker);
    }
    // Part of the macaroon (what a clipped error message carries) is a leak too.
    expect(output).not.toContain(MACAROON.slice(0, 40));
    expect(output).not.toContain(MACAROON.slice(-40));
    for (const [name, secret] of Object.entries(secrets)) {
      expect(secret, name).toBeTruthy();
      for (const form of encodingsOf(secret)) {
        expect(output.includes(form), `${name} appears in the log as ${form.slice(0, 12)}…`).toBe(false);
      }
    }
  }, 60_000);
});
