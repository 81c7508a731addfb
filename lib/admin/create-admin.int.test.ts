// `npm run admin:create`: the first admin of a deployment outside demo mode, made by the real script against this
// file's database, then signed in with the same password.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { signInWithPassword } from '@/lib/auth/staff-login';
import { db } from '@/lib/db';

function adminCreate(args: string[], options: { password?: string; stdin?: string } = {}) {
  return spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/admin-create.ts', ...args], {
    env: { ...process.env, BOLTWORK_ADMIN_PASSWORD: options.password ?? '' },
    input: options.stdin ?? '',
    encoding: 'utf8',
  });
}

describe('npm run admin:create', () => {
  it('creates an admin who can sign in, reading the password from stdin, and audits it', async () => {
    const run = adminCreate(['--email', 'Founder@Example.com', '--name', 'Founder'], { stdin: 'a long enough password\n' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Created the admin founder@example.com/);
    const session = await signInWithPassword({ email: 'founder@example.com', password: 'a long enough password' }, { ip: '198.51.100.40' });
    expect(session.roles).toEqual(['ADMIN']);
    const user = await db.user.findUniqueOrThrow({ where: { email: 'founder@example.com' } });
    expect(await db.auditLog.count({ where: { action: 'admin.created', targetId: user.id, actorKind: 'SYSTEM' } })).toBe(1);
  });

  it('makes an existing team member an admin, with a new password that ends their old sessions', async () => {
    const member = await db.user.create({ data: { email: 'lead@team.example', roles: ['REQUESTER'] } });
    await db.session.create({ data: { userId: member.id, tokenHash: `old-${member.id}`, method: 'PASSWORD', expiresAt: new Date(Date.now() + 86_400_000) } });
    const run = adminCreate(['--email', 'lead@team.example'], { password: 'another long password' });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Made an admin of lead@team.example/);
    expect((await db.user.findUniqueOrThrow({ where: { id: member.id } })).roles).toEqual(['REQUESTER', 'ADMIN']);
    expect(await db.session.count({ where: { userId: member.id } })).toBe(0);
  });

  it('refuses a short password and a missing email with a clear line, creating nobody', async () => {
    const short = adminCreate(['--email', 'short@example.com'], { password: 'short' });
    expect(short.status).toBe(1);
    expect(short.stderr).toMatch(/at least 10 characters/);
    expect(await db.user.count({ where: { email: 'short@example.com' } })).toBe(0);
    const usage = adminCreate([], { password: 'a long enough password' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/Usage: npm run admin:create/);
  });
});
