// Hosts chosen by teams and workers resolve through lookupPublicOnly: a public-looking name that resolves to
// loopback (the security test used x@127.0.0.1.nip.io and localtest.me; offline, `localhost` resolves the same way
// through /etc/hosts) is refused when the socket connects, before any byte is sent.
import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Agent, fetch } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { isPrivateTargetError, lookupPublicOnly } from './public-only';

let hits = 0;
const server = http.createServer((_request, response) => {
  hits += 1;
  response.end('{"tag":"payRequest"}');
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const port = (server.address() as AddressInfo).port;
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('lookupPublicOnly', () => {
  it('refuses a name that resolves to loopback, and the request never reaches the server', async () => {
    const lookup = await new Promise<NodeJS.ErrnoException | null>((resolve) => lookupPublicOnly('localhost', {}, (error) => resolve(error)));
    expect(isPrivateTargetError(lookup)).toBe(true);

    const agent = new Agent({ connect: { lookup: lookupPublicOnly } });
    const refused = await fetch(`http://localhost:${port}/.well-known/lnurlp/x`, { dispatcher: agent }).catch((error: unknown) => error);
    expect(isPrivateTargetError(refused)).toBe(true);
    expect(hits).toBe(0);
    // The same request without the guard does reach it: the refusal above was the lookup's.
    expect(await (await fetch(`http://localhost:${port}/`)).json()).toEqual({ tag: 'payRequest' });
    expect(hits).toBe(1);
    await agent.close();
  });
});
