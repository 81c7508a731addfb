import 'server-only';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { AppError } from '@/lib/errors';
import type { Role } from '@/lib/generated/prisma/enums';
import { readCookie, sessionCookieName } from './request-context';
import { getViewerBySessionToken, type Viewer } from './sessions';

/** The signed-in user of this request, read once per request. */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const token = await readCookie(sessionCookieName());
  return token ? getViewerBySessionToken(token) : null;
});

export function hasRole(viewer: Viewer | null, role: Role): boolean {
  return Boolean(viewer?.roles.includes(role));
}

/** For actions and queries: throws, so a missing role can never fall through to the data. */
export async function requireRole(role: Role): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) throw new AppError('UNAUTHENTICATED', 'Please sign in.');
  if (!hasRole(viewer, role)) throw new AppError('FORBIDDEN', 'You do not have access to this.');
  return viewer;
}

export const signInPathFor = (role: Role) => (role === 'WORKER' ? '/login' : '/login/email');

/** For pages: sends a signed-out visitor to sign in and answers a signed-in one without the role with 403. */
export async function requirePageRole(role: Role, returnTo: string): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect(`${signInPathFor(role)}?next=${encodeURIComponent(returnTo)}`);
  if (!hasRole(viewer, role)) forbidden();
  return viewer;
}

/** Where a user lands after signing in. */
export function homePathFor(viewer: Pick<Viewer, 'roles'>): string {
  if (viewer.roles.includes('ADMIN')) return '/admin';
  if (viewer.roles.includes('REQUESTER')) return '/team';
  return '/tasks';
}

export { safeReturnPath } from './return-path';
