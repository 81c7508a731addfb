// The preload scripts/start.mjs gives `next start`: a spoofed X-Forwarded-For must not choose the client address
// when no proxy is trusted (the security test got 20 of 20 password attempts through a blocked address with one).
// A real server process with the preload, real HTTP to it.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const preload = pathToFileURL(path.resolve('scripts/lib/forwarded-for.mjs')).href;
// Answers with the forwarded headers as the app would see them.
const server = `
  const http = require('node:http');
  const s = http.createServer((req, res) => res.end(JSON.stringify({ xff: req.headers['x-forwarded-for'] ?? null, forwarded: req.headers.forwarded ?? null, realIp: req.headers['x-real-ip'] ?? null })));
  s.listen(0, '127.0.0.1', () => console.log(s.address().port));`;

let child: ChildProcess | null = null;
afterEach(async () => {
  if (child && child.exitCode === null) {
    child.kill();
    await once(child, 'exit');
  }
});

async function startWith(hops: string): Promise<string> {
  child = spawn(process.execPath, ['--import', preload, '-e', server], { env: { ...process.env, BOLTWORK_TRUSTED_PROXY_HOPS: hops }, stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return `http://127.0.0.1:${chunk.toString().trim()}/`;
}

const spoofed = { 'x-forwarded-for': '203.0.113.7', forwarded: 'for=203.0.113.7', 'x-real-ip': '203.0.113.7' };

describe('the client address preload', () => {
  it('with no trusted proxy, replaces every forwarded header with the socket address', async () => {
    const url = await startWith('0');
    expect(await (await fetch(url, { headers: spoofed })).json()).toEqual({ xff: '127.0.0.1', forwarded: null, realIp: null });
    expect(await (await fetch(url)).json()).toEqual({ xff: '127.0.0.1', forwarded: null, realIp: null });
  });

  it('behind trusted proxies, leaves the header as they wrote it', async () => {
    const url = await startWith('1');
    expect(await (await fetch(url, { headers: { 'x-forwarded-for': '198.51.100.1, 10.0.0.2' } })).json()).toMatchObject({ xff: '198.51.100.1, 10.0.0.2' });
  });
});
