// The request context the authz tests fake, shared by every file through vi.mock factories:
//   vi.mock('@/lib/auth/viewer', async () => (await import('./mocks')).viewerModule());
// `session.viewer` is who calls; redirects and notFound() throw a NavigationSignal, as they do in Next.
import type { Viewer } from '@/lib/auth/sessions';
import { safeReturnPath } from '@/lib/auth/return-path';
import { AppError } from '@/lib/errors';

export const session: { viewer: Viewer | null; cookies: Map<string, string> } = { viewer: null, cookies: new Map() };

export class NavigationSignal extends Error {
  constructor(readonly target: string) {
    super(`NEXT_NAVIGATION ${target}`);
  }
}

const signal = (target: string): never => {
  throw new NavigationSignal(target);
};

export const navigationModule = {
  redirect: signal,
  permanentRedirect: signal,
  notFound: () => signal('not-found'),
  forbidden: () => signal('forbidden'),
  unauthorized: () => signal('unauthorized'),
  unstable_rethrow: (error: unknown) => {
    if (error instanceof NavigationSignal) throw error;
  },
};

export const cacheModule = { revalidatePath: () => undefined, revalidateTag: () => undefined };

export const headersModule = {
  cookies: async () => ({
    get: (name: string) => (session.cookies.has(name) ? { name, value: session.cookies.get(name)! } : undefined),
    set: (name: string, value: string) => void session.cookies.set(name, value),
    delete: (name: string) => void session.cookies.delete(name),
  }),
  headers: async () => new Headers({ 'user-agent': 'authz-test' }),
};

/** The real module's contract (lib/auth/viewer.ts) with the viewer taken from `session`. */
export function viewerModule() {
  const hasRole = (viewer: Viewer | null, role: string) => Boolean(viewer?.roles.includes(role as never));
  return {
    getViewer: async () => session.viewer,
    hasRole,
    requireRole: async (role: string) => {
      if (!session.viewer) throw new AppError('UNAUTHENTICATED', 'Please sign in.');
      if (!hasRole(session.viewer, role)) throw new AppError('FORBIDDEN', 'You do not have access to this.');
      return session.viewer;
    },
    requirePageRole: async (role: string, returnTo: string) => {
      if (!session.viewer) signal(`/login?next=${encodeURIComponent(returnTo)}`);
      if (!hasRole(session.viewer, role)) signal('forbidden');
      return session.viewer;
    },
    signInPathFor: (role: string) => (role === 'WORKER' ? '/login' : '/login/email'),
    homePathFor: (viewer: { roles: string[] }) => (viewer.roles.includes('ADMIN') ? '/admin' : viewer.roles.includes('REQUESTER') ? '/team' : '/tasks'),
    safeReturnPath,
  };
}
