import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { hashPassword } from './password';
import { getViewerBySessionToken } from './sessions';
import { loginLimits, signInWithPassword, staffSignInSchema } from './staff-login';

async function createStaff(email: string, roles: ('ADMIN' | 'REQUESTER' | 'WORKER')[], password = 'correct horse battery') {
  return db.user.create({ data: { email, roles, name: email, passwordHash: await hashPassword(password) } });
}

describe('email and password sign-in', () => {
  it('opens a database session for the right password, stored only as a hash', async () => {
    const user = await createStaff('ada@team.example', ['REQUESTER']);
    const session = await signInWithPassword({ email: 'ada@team.example', password: 'correct horse battery' }, { ip: '10.0.0.1' });
    const viewer = await getViewerBySessionToken(session.token);
    expect(viewer).toMatchObject({ userId: user.id, roles: ['REQUESTER'] });
    const stored = await db.session.findFirstOrThrow({ where: { userId: user.id } });
    expect(stored.tokenHash).not.toContain(session.token);
    expect(stored.method).toBe('PASSWORD');
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('gives the same answer for a wrong password and an unknown email', async () => {
    await createStaff('sam@admin.example', ['ADMIN']);
    await expect(signInWithPassword({ email: 'sam@admin.example', password: 'nope' }, {})).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'Wrong email or password.',
    });
    await expect(signInWithPassword({ email: 'nobody@admin.example', password: 'nope' }, {})).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'Wrong email or password.',
    });
  });

  it('refuses accounts without a staff role, and disabled accounts', async () => {
    await createStaff('worker@x.example', ['WORKER']);
    await expect(signInWithPassword({ email: 'worker@x.example', password: 'correct horse battery' }, {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const disabled = await createStaff('gone@x.example', ['ADMIN']);
    await db.user.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
    await expect(signInWithPassword({ email: 'gone@x.example', password: 'correct horse battery' }, {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('limits one address at one account, even with the right password, and leaves the owner elsewhere alone', async () => {
    // The security test locked owners out: 8 wrong passwords from anywhere (any letter case) blocked the account.
    await createStaff('target@team.example', ['REQUESTER']);
    for (let i = 0; i < loginLimits.perAccountAndAddress.limit; i++) {
      const email = i % 2 ? 'TARGET@team.example' : 'target@team.example';
      await expect(signInWithPassword(staffSignInSchema.parse({ email, password: `guess-${i}` }), { ip: '203.0.113.66' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    const blocked = signInWithPassword({ email: 'target@team.example', password: 'correct horse battery' }, { ip: '203.0.113.66' });
    await expect(blocked).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await expect(blocked).rejects.toSatisfy((e: { retryAfterSeconds?: number }) => (e.retryAfterSeconds ?? 0) > 0);
    await expect(signInWithPassword({ email: 'target@team.example', password: 'correct horse battery' }, { ip: '198.51.100.5' })).resolves.toMatchObject({ roles: ['REQUESTER'] });
  });

  it('slows an account guessed from many addresses to one attempt per 3 s: the owner waits seconds, not minutes', async () => {
    await createStaff('popular@team.example', ['ADMIN']);
    for (let i = 0; i < loginLimits.accountFailures.limit; i++) {
      await expect(signInWithPassword({ email: 'popular@team.example', password: `guess-${i}` }, { ip: `203.0.113.${100 + i}` })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    await expect(signInWithPassword({ email: 'popular@team.example', password: 'guess-x' }, { ip: '203.0.113.200' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const paced = signInWithPassword({ email: 'popular@team.example', password: 'correct horse battery' }, { ip: '198.51.100.7' });
    await expect(paced).rejects.toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('few seconds') });
    await expect(paced).rejects.toSatisfy((e: { retryAfterSeconds?: number }) => (e.retryAfterSeconds ?? 99) <= loginLimits.accountPace.windowSeconds);
    await new Promise((resolve) => setTimeout(resolve, loginLimits.accountPace.windowSeconds * 1000 + 100));
    await expect(signInWithPassword({ email: 'popular@team.example', password: 'correct horse battery' }, { ip: '198.51.100.7' })).resolves.toMatchObject({ roles: ['ADMIN'] });
  });

  it('rate-limits attempts per IP across many addresses', async () => {
    for (let i = 0; i < loginLimits.perIp.limit; i++) {
      await expect(signInWithPassword({ email: `spray${i}@x.example`, password: 'x' }, { ip: '203.0.113.9' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    await expect(signInWithPassword({ email: 'spray-last@x.example', password: 'x' }, { ip: '203.0.113.9' })).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await expect(signInWithPassword({ email: 'spray-last@x.example', password: 'x' }, { ip: '203.0.113.10' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('does not accept an expired session', async () => {
    const user = await createStaff('old@team.example', ['REQUESTER']);
    const session = await signInWithPassword({ email: 'old@team.example', password: 'correct horse battery' }, {});
    await db.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await getViewerBySessionToken(session.token)).toBeNull();
  });
});
