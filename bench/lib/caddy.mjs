// Caddy, Debian's package, as the TLS reverse proxy of a bench: the repo's Caddyfile (docs/deploy/Caddyfile) run as
// it is, its values from the environment, its data (the local CA's keys and certificates) and logs in a temporary
// folder, stopped at the end. Installed with apt-get when missing (root); the test suite never needs it.
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import dns from 'node:dns';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { Agent, fetch as undiciFetch } from 'undici';
import { ensureDebianBinary } from './apt.mjs';
import { startProcess } from './app-servers.mjs';

const START_TIMEOUT_MS = 20_000;

/**
 * A DNS lookup that answers `host` with 127.0.0.1 and asks the system for every other name: the bench's public name
 * (e.g. boltwork.test) exists only on this machine, as Chromium's --host-resolver-rules makes it for the browser.
 */
export function lookupWithHost(host) {
  return (hostname, options, callback) => {
    if (hostname !== host) return dns.lookup(hostname, options, callback);
    if (options?.all) return callback(null, [{ address: '127.0.0.1', family: 4 }]);
    return callback(null, '127.0.0.1', 4);
  };
}

/**
 * A fetch that reaches `host` on this machine and trusts exactly `ca` (PEM) for it, certificate checks on: what a
 * phone wallet that trusts the proxy's CA does. Returns it with `close()` for its connections.
 */
export function trustingFetch({ host, ca }) {
  const dispatcher = new Agent({ connect: { ca, lookup: lookupWithHost(host) } });
  const fetchImpl = (url, init) => undiciFetch(url, { ...init, dispatcher });
  return { fetch: fetchImpl, close: () => dispatcher.close() };
}

/**
 * The chain the proxy presents for `host`, verified against `ca` only: subject and issuer of each certificate up to
 * the root, and whether that root is `ca` itself (same SHA-256 fingerprint).
 */
export function readCertificateChain({ host, port, ca }) {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host, port, servername: host, ca, lookup: lookupWithHost(host), ALPNProtocols: ['http/1.1'] }, () => {
      const chain = [];
      for (let cert = socket.getPeerCertificate(true); cert && !chain.some((seen) => seen.fingerprint256 === cert.fingerprint256); cert = cert.issuerCertificate) {
        chain.push({ subject: cert.subject?.CN, issuer: cert.issuer?.CN, fingerprint256: cert.fingerprint256, validTo: cert.valid_to });
      }
      const rootFingerprint = new X509Certificate(ca).fingerprint256;
      resolve({ authorized: socket.authorized, protocol: socket.getProtocol(), chain, endsAtCaRoot: chain.at(-1)?.fingerprint256 === rootFingerprint });
      socket.end();
    });
    socket.setTimeout(10_000, () => socket.destroy(new Error('TLS handshake timed out')));
    socket.once('error', reject);
  });
}

/**
 * Starts `caddy run` on `caddyfile`. `env` carries the Caddyfile's values (BOLTWORK_PROXY_HOST, ports, upstreams);
 * the log folder and Caddy's data and config folders are set here. Resolves once the https port completes a TLS
 * handshake trusted by the local CA's root alone.
 * @param {{ caddyfile: string, host: string, httpsPort: number, env: Record<string, string>, log?: (line: string) => void }} options
 */
export async function startCaddy({ caddyfile, host, httpsPort, env, log = console.error }) {
  const binary = ensureDebianBinary({ binary: 'caddy', log });
  const version = spawnSync(binary, ['version'], { encoding: 'utf8' }).stdout.trim().split(' ')[0] || null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-caddy-'));
  const logDir = path.join(dir, 'logs');
  fs.mkdirSync(logDir);
  const caddy = startProcess(
    'caddy',
    ['run', '--config', caddyfile, '--adapter', 'caddyfile'],
    // Caddy keeps its CA and certificates under XDG_DATA_HOME, its autosaved config under XDG_CONFIG_HOME.
    { ...env, BOLTWORK_PROXY_HTTPS_PORT: String(httpsPort), BOLTWORK_PROXY_LOG_DIR: logDir, XDG_DATA_HOME: path.join(dir, 'data'), XDG_CONFIG_HOME: path.join(dir, 'config'), HOME: dir },
    binary,
  );
  const stop = async () => {
    await caddy.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const rootCertPath = path.join(dir, 'data/caddy/pki/authorities/local/root.crt');
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (caddy.child.exitCode !== null) {
      const output = caddy.output();
      await stop();
      throw new Error(`caddy exited at start (${caddy.child.exitCode}):\n${output}`);
    }
    try {
      const ca = fs.readFileSync(rootCertPath, 'utf8');
      await readCertificateChain({ host, port: httpsPort, ca });
      return { version, rootCertPath, rootCertPem: ca, logDir, pid: caddy.child.pid, output: caddy.output, stop, upstreamCounts: () => upstreamCounts(logDir) };
    } catch (error) {
      if (Date.now() > deadline) {
        const output = caddy.output();
        await stop();
        throw new Error(`caddy did not serve https on ${httpsPort} within ${START_TIMEOUT_MS / 1000} s: ${error.message}\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Requests proxied to each upstream so far ("upstream roundtrip" lines of upstreams.log; health checks not counted). */
function upstreamCounts(logDir) {
  const file = path.join(logDir, 'upstreams.log');
  const counts = {};
  if (!fs.existsSync(file)) return counts;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.includes('"upstream roundtrip"')) continue;
    const { upstream } = JSON.parse(line);
    counts[upstream] = (counts[upstream] ?? 0) + 1;
  }
  return counts;
}
