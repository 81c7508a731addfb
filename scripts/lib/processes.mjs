// Small helpers for the start script: running TypeScript entry points and waiting for the server.

// TypeScript entry points (seed, job worker) run through tsx, under the react-server condition so
// that `import "server-only"` resolves to its empty module outside Next.
export const nodeWithTs = ['--conditions=react-server', '--import', 'tsx'];

export async function waitForHealthy(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the server did not answer ${url} within ${Math.round(timeoutMs / 1000)} s`);
}

export function printBanner({ url, isDemo, embedded }) {
  const lines = [
    '',
    `  ⚡ Boltwork is running at ${url}`,
    `     Database: ${embedded ? 'embedded PostgreSQL (.data/pg)' : 'DATABASE_URL'} · demo mode ${isDemo ? 'on' : 'off'}`,
  ];
  if (isDemo) {
    lines.push(
      '',
      '  Demo sign-ins:',
      `     Worker   ${url}/login → "Sign in with the demo wallet" (real LNURL-auth), or the Worker demo button`,
      `     ML team  ${url}/login/email → team@demo.boltwork.dev / demo-team-password`,
      `     Admin    ${url}/login/email → admin@demo.boltwork.dev / demo-admin-password`,
      `     Team API ${url}/api/v1 with  Authorization: Bearer bw_live_demo-team-key-for-the-curl-walkthrough  (docs/api.md)`,
    );
  }
  lines.push('', '  Press Ctrl-C to stop.', '');
  console.log(lines.join('\n'));
}
