// A start outside demo mode refuses unsafe configuration, one line per problem; demo mode checks nothing.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hashApiKey } from '@/lib/api/keys';
import { createTestTeam } from '@/lib/assignment/test-fixtures';
import { db } from '@/lib/db';
import { DEMO_TEAM_API_KEY, demoStaff } from '@/lib/demo/accounts';
import { parseEnv } from '@/lib/env';
import { configurationProblems, databaseProblems } from './production-checks';

const base = { DATABASE_URL: process.env.DATABASE_URL! };
const safe = { ...base, BOLTWORK_PUBLIC_URL: 'https://work.example.com', LIGHTNING_BACKEND: 'phoenixd', PHOENIXD_URL: 'http://10.0.0.7:9740', PHOENIXD_PASSWORD: 'secret', SMTP_URL: 'smtp://mailer:pw@10.0.0.9:587' };

describe('production checks', () => {
  it('pass a safe configuration and skip demo mode', async () => {
    expect(configurationProblems(parseEnv(safe))).toEqual([]);
    expect(configurationProblems(parseEnv({ ...base, BOLTWORK_DEMO: '1', BOLTWORK_PUBLIC_URL: 'http://127.0.0.1:3000' }))).toEqual([]);
  });

  it('name an http or missing public URL, the simulated node and missing Lightning secrets, one line each', () => {
    expect(configurationProblems(parseEnv({ ...base }))).toEqual([
      expect.stringMatching(/^BOLTWORK_PUBLIC_URL is not set/),
      expect.stringMatching(/^SMTP_URL is not set/),
      expect.stringMatching(/^LIGHTNING_BACKEND is sim/),
    ]);
    expect(configurationProblems(parseEnv({ ...safe, BOLTWORK_PUBLIC_URL: 'http://work.example.com' }))).toEqual([expect.stringMatching(/^BOLTWORK_PUBLIC_URL is http:\/\/work.example.com: wallets require https/)]);
    expect(configurationProblems(parseEnv({ ...safe, PHOENIXD_PASSWORD: undefined }))).toEqual(['PHOENIXD_PASSWORD is not set, and LIGHTNING_BACKEND=phoenixd needs it.']);
    expect(configurationProblems(parseEnv({ ...safe, LIGHTNING_BACKEND: 'lnd' }))).toHaveLength(3);
    expect(configurationProblems(parseEnv({ ...safe, LIGHTNING_BACKEND: 'nwc' }))).toEqual(['NWC_CONNECTION_URI is not set, and LIGHTNING_BACKEND=nwc needs it.']);
  });

  it('find demo accounts and the demo API key in a database that is not a demo', async () => {
    const env = parseEnv(safe);
    expect(await databaseProblems(env, db)).toEqual([]);
    const admin = await db.user.create({ data: { roles: ['ADMIN'], email: demoStaff.ADMIN.email } });
    const teamId = await createTestTeam();
    await db.apiKey.create({ data: { teamId, name: 'demo', prefix: DEMO_TEAM_API_KEY.slice(0, 12), keyHash: hashApiKey(DEMO_TEAM_API_KEY), createdById: admin.id } });
    expect(await databaseProblems(env, db)).toEqual([
      expect.stringContaining(`The demo account ${demoStaff.ADMIN.email}`),
      expect.stringContaining('The demo team API key'),
    ]);
    expect(await databaseProblems(parseEnv({ ...safe, BOLTWORK_DEMO: '1' }), db)).toEqual([]);
  });

  it('stop the start script with one line per problem and exit 1, unless told to start anyway', () => {
    const check = (extra: Record<string, string>) =>
      spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/check-production.ts'], {
        env: { ...process.env, BOLTWORK_DEMO: '0', BOLTWORK_PUBLIC_URL: 'http://work.example.com', LIGHTNING_BACKEND: 'sim', ...extra },
        encoding: 'utf8',
      });
    const refused = check({});
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^refusing to start: BOLTWORK_PUBLIC_URL is http:\/\/work.example.com/m);
    expect(refused.stderr).toMatch(/^refusing to start: LIGHTNING_BACKEND is sim/m);
    const allowed = check({ BOLTWORK_ALLOW_UNSAFE_START: '1' });
    expect(allowed.status).toBe(0);
    expect(allowed.stderr).toMatch(/^warning: LIGHTNING_BACKEND is sim/m);
  });
});
