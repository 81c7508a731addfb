// HTTPS end to end on this machine (issue 15): Caddy (Debian's package, its internal CA) terminates TLS in front of
// two `next start` app servers and the job worker, outside demo mode, with the repo's Caddyfile
// (docs/deploy/Caddyfile) as it is. Chromium, as a Pixel 7 that trusts Caddy's root through an NSS database (the
// way a machine's trust store works, so HSTS is honoured), does what a worker does, every request through the proxy:
//   1. http:// on the proxy redirects to https://; the answers carry HSTS (exactly one) and the app's CSP, over a
//      chain that ends at Caddy's local root;
//   2. LNURL-auth: the page shows a code, a wallet in this process (Node, trusting the same root, certificate checks
//      on) signs it over https, the page moves on to /tasks; a later http:// URL is upgraded by the browser (HSTS);
//   3. the task loop: starts a project and answers several tasks; the job worker's quality evaluator approves them;
//   4. LNURL-withdraw: /withdraw shows a link, the wallet follows it over https with an invoice of its own simulated
//      node, the app pays it and the page shows "Paid".
// And requests reached both app servers (Caddy's upstream log). The public name is boltwork.test (a reserved TLD),
// mapped to 127.0.0.1 for Chromium and the wallet: Chromium ignores HSTS for localhost. Lightning is the simulated
// node (the only one that runs here), so the production check still refuses this configuration for that (and the
// missing SMTP_URL); it accepts the https public URL.
//
//   node --conditions=react-server --import tsx bench/https-e2e.mjs [--tasks=5] [--out=bench/results/https-e2e.json]
//
// Not part of `npm test`. Installs `caddy` and `libnss3-tools` with apt-get when missing (root). Exits non-zero on
// any failed check; stops Caddy, the app servers, the job worker, Chromium and PostgreSQL in every case.
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, devices } from 'playwright-core';
import { resolveChromium } from '../scripts/lib/browser.mjs';
import { ensureBuilt } from '../scripts/lib/build.mjs';
import { findFreePort, startEmbeddedPostgres } from '../scripts/lib/embedded-db.mjs';
import { nodeWithTs } from '../scripts/lib/processes.mjs';
import { applyMigrations, ensureDatabase } from '../scripts/lib/schema-engine.mjs';
import { ensureDebianBinary } from './lib/apt.mjs';
import { startAppServers } from './lib/app-servers.mjs';
import { readCertificateChain, startCaddy, trustingFetch } from './lib/caddy.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const TASKS = Number(flag('tasks', 5));
const OUT = flag('out', 'bench/results/https-e2e.json');
if (!Number.isInteger(TASKS) || TASKS < 1 || TASKS > 15) throw new Error(`--tasks must be 1..15, got ${TASKS}`);

const HOST = 'boltwork.test';
const CADDYFILE = path.resolve('docs/deploy/Caddyfile');
const PROJECT_TITLE = 'HTTPS e2e: which answer is better?';
const REWARD_MSATS = 10_000n;
const HSTS = 'max-age=31536000; includeSubDomains';
// The wallet sends this X-Forwarded-For of its own: it must not pick the app's rate-limit bucket (Caddy puts the
// address it sees there, and the app servers trust that one hop only).
const SPOOFED_ADDRESS = '203.0.113.7';
const BUDGET_MS = 300_000; // after the build (a build when the sources changed comes first, outside the budget)
// playwright.config.ts's flags: the closed network stays closed.
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

const startedAt = performance.now();
const checks = [];
const timings = {};
const cleanups = []; // run last-in first-out, each once, whatever happened
let cleaning = null;

function check(name, ok, detail) {
  checks.push({ name, ok: Boolean(ok), detail });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail === undefined ? '' : `: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`}`);
}

async function step(name, work) {
  const t0 = performance.now();
  try {
    return await work();
  } finally {
    timings[name] = Math.round(performance.now() - t0);
  }
}

function cleanup() {
  cleaning ??= (async () => {
    for (const [name, stop] of cleanups.reverse()) {
      try {
        await stop();
      } catch (error) {
        console.error(`https-e2e: stopping ${name} failed: ${error.message}`);
      }
    }
  })();
  return cleaning;
}

async function bail(message, code) {
  console.error(message);
  await cleanup();
  process.exit(code);
}
process.once('SIGINT', () => void bail('https-e2e: interrupted, stopping', 130));
process.once('SIGTERM', () => void bail('https-e2e: terminated, stopping', 143));

/** Chromium on Linux trusts the roots in $HOME/.pki/nssdb: a throwaway HOME with an NSS database holding Caddy's root. */
function nssHomeTrusting(rootCertPath) {
  const certutil = ensureDebianBinary({ binary: 'certutil', pkg: 'libnss3-tools' });
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-https-chromium-'));
  cleanups.push(['Chromium home', () => fs.rmSync(home, { recursive: true, force: true })]);
  const db = `sql:${path.join(home, '.pki/nssdb')}`;
  fs.mkdirSync(path.join(home, '.pki/nssdb'), { recursive: true });
  for (const certArgs of [['-N', '--empty-password'], ['-A', '-n', 'Caddy Local Authority (bench)', '-t', 'C,,', '-i', rootCertPath]]) {
    const run = spawnSync(certutil, [...certArgs, '-d', db], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`certutil ${certArgs[0]} failed: ${run.stderr}`);
  }
  return home;
}

/** What scripts/check-production.ts (run by `npm start` before Next) says about this configuration. */
function productionCheck(env) {
  const run = spawnSync(process.execPath, [...nodeWithTs, 'scripts/check-production.ts'], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { exitCode: run.status, lines: run.stderr.split('\n').filter((line) => line.startsWith('refusing to start:')) };
}

const dataDir = path.resolve(`.data/bench-https-e2e-${process.pid}`);
let result;
try {
  await step('build', () => ensureBuilt({ ...process.env, NODE_ENV: 'production' }));
  const watchdog = setTimeout(() => void bail(`https-e2e: over its time budget (${BUDGET_MS / 1000} s), stopping`, 2), BUDGET_MS);
  watchdog.unref();

  // --- PostgreSQL, migrations, a funded project outside demo mode
  const postgres = await step('postgres', () => startEmbeddedPostgres({ dataDir, fast: true }));
  cleanups.push(['PostgreSQL', async () => {
    await postgres.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }]);
  await ensureDatabase(postgres.url(), 'bench');
  const databaseUrl = postgres.url('bench');
  await step('migrations', () => applyMigrations({ url: databaseUrl, migrationsDir: path.resolve('prisma/migrations') }));
  process.env.DATABASE_URL = databaseUrl;
  // Imported after DATABASE_URL is set: lib/env reads it once.
  const { db, disconnectDb } = await import('../lib/db.ts');
  cleanups.push(['database pool', () => disconnectDb()]);
  const fixtures = await import('../lib/assignment/test-fixtures.ts');
  const { loginWithLnurl } = await import('../lib/wallet-sim/lnurl-auth.ts');
  const { withdrawWithLnurl, waitForPayment } = await import('../lib/wallet-sim/lnurl-withdraw.ts');
  const { resolveScannedUrl } = await import('../lib/wallet-sim/http.ts');
  const { SimLightningBackend } = await import('../lib/lightning/sim.ts');
  const projectId = await step('seed', async () => {
    // Auto-approval at once: the job worker's evaluator approves each answer and credits the worker.
    const id = await fixtures.createTestProject({ title: PROJECT_TITLE, rewardMsats: REWARD_MSATS, autoApproveAfterSeconds: 0 });
    await fixtures.createTestItems(id, 20);
    return id;
  });

  // --- two app servers and the job worker behind Caddy
  const [httpsPort, httpPort] = [await findFreePort(), await findFreePort()];
  const publicUrl = `https://${HOST}:${httpsPort}`;
  const appEnv = { BOLTWORK_DEMO: '0', BOLTWORK_SIM_NODE_SEED: randomBytes(32).toString('hex') };
  const production = productionCheck({ ...appEnv, NODE_ENV: 'production', DATABASE_URL: databaseUrl, BOLTWORK_PUBLIC_URL: publicUrl });
  check(
    'the production check accepts the https public URL; it refuses only the simulated Lightning node and the missing SMTP_URL',
    production.exitCode === 1 && production.lines.length === 2 && production.lines.some((l) => l.includes('LIGHTNING_BACKEND is sim')) && production.lines.some((l) => l.includes('SMTP_URL')),
    production.lines,
  );
  const app = await step('app servers', () => startAppServers({ databaseUrl, servers: 2, jobWorker: true, pgbouncer: null, publicUrl, env: appEnv }));
  cleanups.push(['app servers and job worker', () => app.stop()]);
  const upstreams = app.serverUrls.map((url) => new URL(url).host);
  check('docs/deploy.md shows the Caddyfile as it is run here', fs.readFileSync('docs/deploy.md', 'utf8').includes(`\n${fs.readFileSync(CADDYFILE, 'utf8')}\`\`\``));
  const caddy = await step('caddy', () =>
    startCaddy({
      caddyfile: CADDYFILE,
      host: HOST,
      httpsPort,
      env: { BOLTWORK_PROXY_HOST: HOST, BOLTWORK_PROXY_HTTP_PORT: String(httpPort), BOLTWORK_PROXY_BIND: '127.0.0.1', BOLTWORK_APP_SERVERS: upstreams.join(' ') },
    }),
  );
  cleanups.push(['caddy', () => caddy.stop()]);
  const chain = await readCertificateChain({ host: HOST, port: httpsPort, ca: caddy.rootCertPem });
  check("the proxy's certificate chain verifies against Caddy's local root alone and ends at it", chain.authorized && chain.endsAtCaRoot, chain.chain.map((c) => `${c.subject ?? '(no CN)'} <- ${c.issuer}`));
  const wallet = trustingFetch({ host: HOST, ca: caddy.rootCertPem });
  cleanups.push(['wallet connections', () => wallet.close()]);
  const walletFetch = (url, init) => wallet.fetch(url, { ...init, headers: { ...init.headers, 'x-forwarded-for': SPOOFED_ADDRESS } });

  // --- Chromium, a Pixel 7 trusting Caddy's root
  const home = nssHomeTrusting(caddy.rootCertPath);
  const browser = await step('chromium launch', async () =>
    chromium.launch({
      executablePath: await resolveChromium(),
      args: [...CHROMIUM_FLAGS, `--host-resolver-rules=MAP ${HOST} 127.0.0.1`],
      env: { ...process.env, HOME: home },
      // Playwright's own handlers would exit at once after closing the browser: this script's stop everything.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    }),
  );
  cleanups.push(['Chromium', () => browser.close()]);
  const context = await browser.newContext({ ...devices['Pixel 7'] });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const responses = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.hostname !== HOST) return;
    responses.push(
      response.headersArray().then((headers) => ({
        url: `${url.origin}${url.pathname}`,
        protocol: url.protocol,
        status: response.status(),
        type: response.request().resourceType(),
        hsts: headers.filter((h) => h.name.toLowerCase() === 'strict-transport-security').map((h) => h.value),
        csp: headers.filter((h) => h.name.toLowerCase() === 'content-security-policy').map((h) => h.value),
      })).catch(() => null),
    );
  });

  // 1. http on the proxy redirects to https; the page arrives with HSTS and CSP over Caddy's chain.
  const loginPage = await step('redirect and login page', () => page.goto(`http://${HOST}:${httpPort}/login`));
  const redirect = loginPage.request().redirectedFrom();
  const redirectResponse = await redirect?.response();
  check(
    'plain http on the proxy redirects to https (308)',
    redirectResponse?.status() === 308 && loginPage.url() === `${publicUrl}/login` && loginPage.status() === 200,
    `${redirect?.url()} -> ${redirectResponse?.status()} ${redirectResponse?.headers().location} -> ${loginPage.status()}`,
  );
  const loginHeaders = await loginPage.headersArray();
  const headerValues = (name) => loginHeaders.filter((h) => h.name.toLowerCase() === name).map((h) => h.value);
  const security = await loginPage.securityDetails();
  const seenHeaders = { 'strict-transport-security': headerValues('strict-transport-security'), 'content-security-policy': headerValues('content-security-policy') };
  check('Chromium accepted the certificate (no error ignored) from Caddy Local Authority', /^Caddy Local Authority/.test(security?.issuer ?? ''), security);
  check('HSTS arrives over https, exactly once', seenHeaders['strict-transport-security'].length === 1 && seenHeaders['strict-transport-security'][0] === HSTS, seenHeaders['strict-transport-security']);
  const csp = seenHeaders['content-security-policy'];
  check('the app\'s CSP arrives through the proxy', csp.length === 1 && csp[0].includes("default-src 'self'") && csp[0].includes("frame-ancestors 'none'"), csp[0]);

  // 2. LNURL-auth: the wallet signs the page's code over https.
  const signIn = await step('lnurl-auth', async () => {
    const href = await page.getByRole('link', { name: 'Open my wallet app' }).getAttribute('href');
    const target = resolveScannedUrl(href ?? '');
    const login = await loginWithLnurl({ lnurl: href ?? '', seedHex: randomBytes(32).toString('hex'), fetchImpl: walletFetch, allowedOrigins: [publicUrl] });
    await page.waitForURL(`${publicUrl}/tasks`);
    return { target: target && `${target.origin}${target.pathname}`, login };
  });
  check('LNURL-auth over https: the wallet signed the code and the page reached /tasks', signIn.login.ok && signIn.target === `${publicUrl}/api/lnurl/auth`, signIn);
  const worker = signIn.login.ok ? await db.workerProfile.findUnique({ where: { linkingKey: signIn.login.key }, select: { id: true } }) : null;
  check('the wallet\'s key made a worker', worker !== null);

  const upgraded = await page.goto(`http://${HOST}:${httpsPort}/tasks`);
  const internal = upgraded.request().redirectedFrom();
  const internalResponse = await internal?.response();
  check(
    'Chromium honours HSTS: a later http:// URL of the site is upgraded in the browser',
    upgraded.url() === `${publicUrl}/tasks` && internalResponse?.status() === 307 && internalResponse.headers()['non-authoritative-reason'] === 'HSTS',
    `${internal?.url()} -> ${internalResponse?.status()} (${internalResponse?.headers()['non-authoritative-reason']}) -> ${upgraded.url()}`,
  );

  // 3. The task loop: start the project, answer TASKS tasks; each tap shows the next task.
  await step('task loop', async () => {
    await page.locator('li', { hasText: PROJECT_TITLE }).getByRole('button', { name: 'Start' }).click();
    await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
    for (let i = 0; i < TASKS; i++) {
      const shown = await page.locator('[data-assignment-id]').getAttribute('data-assignment-id');
      await page.getByRole('button', { name: i % 2 ? /^B is better/ : /^A is better/ }).click();
      await page.waitForFunction((previous) => {
        const now = document.querySelector('[data-assignment-id]')?.getAttribute('data-assignment-id');
        return now && now !== previous;
      }, shown);
    }
    await page.waitForLoadState('networkidle');
  });
  const approved = await step('approvals', async () => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const counts = await db.judgment.groupBy({ by: ['status'], where: { workerId: worker?.id ?? '', projectId }, _count: true });
      const byStatus = Object.fromEntries(counts.map((row) => [row.status, row._count]));
      if ((byStatus.APPROVED ?? 0) >= TASKS || Date.now() > deadline) return byStatus;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
  check(`the worker answered ${TASKS} tasks through the proxy and the job worker approved them`, approved.APPROVED === TASKS && Object.keys(approved).length === 1, approved);

  // 4. LNURL-withdraw: the wallet follows the page's link over https; the page shows Paid.
  const withdrawal = await step('lnurl-withdraw', async () => {
    await page.goto(`${publicUrl}/withdraw`);
    await page.getByRole('button', { name: /^Withdraw [\d,]+ sats$/ }).click();
    const link = page.getByRole('link', { name: 'Open my wallet app' });
    await link.waitFor();
    const lnurl = (await link.getAttribute('href')) ?? '';
    const target = resolveScannedUrl(lnurl);
    const node = new SimLightningBackend({ nodeSeedHex: randomBytes(32).toString('hex'), network: 'regtest' });
    const accepted = await withdrawWithLnurl({ lnurl, wallet: node, fetchImpl: walletFetch, allowedOrigins: [publicUrl] });
    const invoice = accepted.ok ? await waitForPayment(node, accepted.paymentHash, { timeoutMs: 30_000 }) : null;
    const status = page.getByTestId('withdraw-status');
    await status.filter({ hasText: /^Paid [\d,]+ sats$/ }).waitFor({ timeout: 30_000 }).catch(() => {});
    return { target: target && `${target.origin}${target.pathname}`, accepted: accepted.ok ? { ok: true, amountMsats: String(accepted.amountMsats) } : accepted, invoice: invoice?.status ?? null, page: (await status.textContent())?.trim() };
  });
  check(
    'LNURL-withdraw over https: the wallet\'s invoice was paid and the page shows Paid',
    withdrawal.accepted.ok && withdrawal.invoice === 'PAID' && /^Paid [\d,]+ sats$/.test(withdrawal.page ?? '') && withdrawal.target === `${publicUrl}/api/lnurl/withdraw`,
    withdrawal,
  );
  await page.close();

  // Every https answer Chromium saw carried one HSTS; every page carried the CSP.
  const seen = (await Promise.all(responses)).filter(Boolean);
  const https = seen.filter((r) => r.protocol === 'https:');
  const documents = https.filter((r) => r.type === 'document');
  check('every https response Chromium received carried exactly one HSTS header', https.length > 0 && https.every((r) => r.hsts.length === 1 && r.hsts[0] === HSTS), `${https.length} responses`);
  check('every page (document) carried the CSP', documents.length > 0 && documents.every((r) => r.csp.length === 1), `${documents.length} documents`);
  // The LNURL endpoints count each wallet request per client address (RateLimitBucket keys end in the address).
  const buckets = (await db.rateLimitBucket.findMany({ where: { key: { startsWith: 'lnurl-' } }, select: { key: true } })).map((b) => b.key).sort();
  check(
    `the app saw the wallet's address as Caddy wrote it, not the X-Forwarded-For it sent (${SPOOFED_ADDRESS})`,
    buckets.includes('lnurl-auth:ip:127.0.0.1') && buckets.includes('lnurl-withdraw:ip:127.0.0.1') && !buckets.some((key) => key.includes(SPOOFED_ADDRESS) || key.endsWith(':unknown')),
    buckets,
  );
  const perUpstream = caddy.upstreamCounts();
  check('requests reached both app servers through Caddy', upstreams.every((upstream) => (perUpstream[upstream] ?? 0) > 0), perUpstream);

  result = {
    measuredAt: new Date().toISOString(),
    command: `node --conditions=react-server --import tsx bench/https-e2e.mjs ${args.join(' ')}`.trim(),
    machine: { cpus: os.cpus().length, node: process.version },
    layout: {
      proxy: `Caddy ${caddy.version} (Debian), docs/deploy/Caddyfile as is: tls internal, http -> https 308, HSTS, round robin with health checks over 2 x next start; X-Forwarded-For one trusted hop`,
      publicUrl,
      httpUrl: `http://${HOST}:${httpPort}`,
      hostName: `${HOST} -> 127.0.0.1 (Chromium --host-resolver-rules, the wallet's DNS lookup): Chromium ignores HSTS for localhost`,
      appServers: upstreams,
      jobWorker: true,
      demoMode: false,
      lightning: 'the simulated node (LIGHTNING_BACKEND=sim, the only backend that runs on this machine): invoices and payments are real BOLT #11 between simulated nodes, no real sats',
    },
    caTrust: {
      chromium: "NSS database in a throwaway HOME ($HOME/.pki/nssdb, certutil -A -t C,,) holding Caddy's local root: real trust, no certificate error ignored, so HSTS is honoured",
      wallet: "Node (undici) with ca = Caddy's root, certificate checks on",
      chain: chain.chain.map((c) => ({ subject: c.subject ?? null, issuer: c.issuer })),
      tls: security,
    },
    headersSeen: { ...seenHeaders, httpRedirect: { status: redirectResponse?.status(), location: redirectResponse?.headers().location } },
    productionCheck: production,
    workerFlow: { tasksAnswered: TASKS, judgments: approved, rewardMsatsPerTask: String(REWARD_MSATS), withdrawal },
    requestsPerAppServer: perUpstream,
    clientAddress: { walletSentXForwardedFor: SPOOFED_ADDRESS, lnurlRateLimitBuckets: buckets },
    responsesSeenByChromium: { https: https.length, documents: documents.length },
    timingsMs: timings,
    checks,
  };
} catch (error) {
  check('the run completed', false, error?.stack ?? String(error));
} finally {
  await cleanup();
}

const failed = checks.filter((c) => !c.ok);
const totalSeconds = Math.round((performance.now() - startedAt) / 100) / 10;
result = { ...(result ?? { measuredAt: new Date().toISOString(), checks }), totalSeconds, passed: failed.length === 0 };
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
console.log(`https-e2e: ${checks.length - failed.length}/${checks.length} checks passed in ${totalSeconds} s (${Object.entries(timings).map(([name, ms]) => `${name} ${ms} ms`).join(', ')}); ${OUT}`);
process.exit(failed.length === 0 ? 0 : 1);
