import { beforeAll, describe, expect, it } from 'vitest';

// getEnv() needs a database URL to parse; this test never connects.
beforeAll(() => {
  process.env.DATABASE_URL ??= 'postgresql://unused@127.0.0.1:1/unused';
  process.env.BOLTWORK_PUBLIC_URL = 'https://boltwork.example';
});

const post = (headers: Record<string, string>) =>
  new Request('http://10.0.0.5:3000/api/team/projects/x/batches', { method: 'POST', headers });

describe('isSameOriginRequest', () => {
  it('lets our own pages through', async () => {
    const { isSameOriginRequest } = await import('./same-origin');
    expect(isSameOriginRequest(post({ 'sec-fetch-site': 'same-origin', origin: 'https://boltwork.example' }))).toBe(true);
    expect(isSameOriginRequest(post({ origin: 'http://localhost:3000', host: 'localhost:3000' }))).toBe(true);
    expect(isSameOriginRequest(post({ origin: 'https://boltwork.example', host: '10.0.0.5:3000' }))).toBe(true);
    expect(isSameOriginRequest(post({ origin: 'https://app.example', host: '10.0.0.5:3000', 'x-forwarded-host': 'app.example' }))).toBe(true);
    expect(isSameOriginRequest(post({ 'sec-fetch-site': 'none' }))).toBe(true);
    // No browser signal at all: a script, which carries no victim's ambient cookie.
    expect(isSameOriginRequest(post({}))).toBe(true);
  });

  it('refuses other sites, sibling subdomains, opaque origins and garbage', async () => {
    const { isSameOriginRequest, refuseCrossSite } = await import('./same-origin');
    expect(isSameOriginRequest(post({ origin: 'https://evil.example', host: 'boltwork.example' }))).toBe(false);
    expect(isSameOriginRequest(post({ 'sec-fetch-site': 'cross-site' }))).toBe(false);
    expect(isSameOriginRequest(post({ 'sec-fetch-site': 'same-site', origin: 'https://boltwork.example' }))).toBe(false);
    expect(isSameOriginRequest(post({ origin: 'null', host: 'boltwork.example' }))).toBe(false);
    expect(isSameOriginRequest(post({ origin: 'not a url', host: 'boltwork.example' }))).toBe(false);
    expect(isSameOriginRequest(post({ origin: 'https://boltwork.example.evil.example', host: 'boltwork.example' }))).toBe(false);
    const refused = refuseCrossSite(post({ origin: 'https://evil.example' }));
    expect(refused?.status).toBe(403);
    expect(await refused?.json()).toMatchObject({ code: 'CROSS_SITE' });
  });
});
