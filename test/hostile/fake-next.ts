// Stand-ins for next/headers and next/navigation, so server actions and route helpers run outside Next against
// the real database. Each test sets `fakeRequest.headers` (cookies come from its Cookie header) and reads what the
// code set in `fakeRequest.setCookies`. Use: vi.mock('next/headers', () => import('@/test/hostile/fake-next')).
export type SetCookie = { name: string; value: string; options: Record<string, unknown> };

export const fakeRequest: { headers: Headers; setCookies: SetCookie[] } = { headers: new Headers(), setCookies: [] };

/** Starts a new request: these headers, no cookies set yet. */
export function resetFakeRequest(headers: Record<string, string> = {}): void {
  fakeRequest.headers = new Headers(headers);
  fakeRequest.setCookies = [];
}

function requestCookies(): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (fakeRequest.headers.get('cookie') ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name) jar.set(name, rest.join('='));
  }
  for (const { name, value } of fakeRequest.setCookies) jar.set(name, value);
  return jar;
}

export async function headers(): Promise<Headers> {
  return fakeRequest.headers;
}

export async function cookies() {
  return {
    get: (name: string) => {
      const value = requestCookies().get(name);
      return value === undefined ? undefined : { name, value };
    },
    set: (name: string, value: string, options: Record<string, unknown> = {}) => {
      fakeRequest.setCookies.push({ name, value, options });
    },
    delete: (name: string) => {
      fakeRequest.setCookies.push({ name, value: '', options: { maxAge: 0 } });
    },
  };
}

/** What next/navigation's redirect() and friends throw, so a test can tell a redirect from an error. */
export class NavigationSignal extends Error {
  constructor(readonly target: string) {
    super(`NEXT_NAVIGATION ${target}`);
  }
}

const navigate = (target: string): never => {
  throw new NavigationSignal(target);
};

export const redirect = navigate;
export const permanentRedirect = navigate;
export const notFound = () => navigate('not-found');
export const forbidden = () => navigate('forbidden');
export const unauthorized = () => navigate('unauthorized');
export function unstable_rethrow(error: unknown): void {
  if (error instanceof NavigationSignal) throw error;
}
