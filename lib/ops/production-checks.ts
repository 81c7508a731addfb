import 'server-only';
import { hashApiKey } from '@/lib/api/keys';
import type { Db } from '@/lib/db';
import { DEMO_TEAM_API_KEY, demoStaff } from '@/lib/demo/accounts';
import type { Env } from '@/lib/env';

// What a start outside demo mode refuses (scripts/check-production.ts, run by `npm start` before Next): each
// problem is one line that says what is wrong and what to set. Demo mode checks nothing: it is meant to be unsafe.

/** Problems in the configuration alone. */
export function configurationProblems(env: Env): string[] {
  if (env.isDemoMode) return [];
  const problems: string[] = [];
  const publicUrl = env.BOLTWORK_PUBLIC_URL;
  if (!publicUrl) problems.push('BOLTWORK_PUBLIC_URL is not set: set it to the https origin wallets reach (LNURL links and callbacks are built from it).');
  else if (new URL(publicUrl).protocol !== 'https:') problems.push(`BOLTWORK_PUBLIC_URL is ${publicUrl}: wallets require https for LNURL outside demo mode; put the app behind a TLS proxy and set the https origin.`);
  if (!env.SMTP_URL) problems.push('SMTP_URL is not set: password reset links cannot be mailed; set smtp:// or smtps:// with your mail server.');
  const missing = (names: [string, string | undefined][]) => names.filter(([, value]) => !value).map(([name]) => name);
  const needs: Record<Env['LIGHTNING_BACKEND'], [string, string | undefined][]> = {
    lnd: [['LND_REST_URL', env.LND_REST_URL], ['LND_MACAROON_HEX', env.LND_MACAROON_HEX], ['LND_TLS_CERT_PATH', env.LND_TLS_CERT_PATH]],
    phoenixd: [['PHOENIXD_URL', env.PHOENIXD_URL], ['PHOENIXD_PASSWORD', env.PHOENIXD_PASSWORD]],
    nwc: [['NWC_CONNECTION_URI', env.NWC_CONNECTION_URI]],
    sim: [],
  };
  if (env.LIGHTNING_BACKEND === 'sim') {
    problems.push('LIGHTNING_BACKEND is sim (the simulated node: no real payments) outside demo mode; set lnd, phoenixd or nwc and its credentials.');
  } else {
    for (const name of missing(needs[env.LIGHTNING_BACKEND])) problems.push(`${name} is not set, and LIGHTNING_BACKEND=${env.LIGHTNING_BACKEND} needs it.`);
  }
  return problems;
}

/** Problems in the database: demo accounts or the demo API key in a database that is not a demo. */
export async function databaseProblems(env: Env, db: Db): Promise<string[]> {
  if (env.isDemoMode) return [];
  const problems: string[] = [];
  const emails = Object.values(demoStaff).map((account) => account.email);
  const accounts = await db.user.findMany({ where: { email: { in: emails } }, select: { email: true } });
  for (const { email } of accounts) problems.push(`The demo account ${email} (its password is public) is in this database: delete it, or start in demo mode.`);
  if (await db.apiKey.findUnique({ where: { keyHash: hashApiKey(DEMO_TEAM_API_KEY) }, select: { id: true } })) {
    problems.push('The demo team API key (published in docs/api.md) is in this database: revoke and delete it, or start in demo mode.');
  }
  return problems;
}
