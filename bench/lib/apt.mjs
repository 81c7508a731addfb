// Debian tools a bench needs but the test suite never does (PgBouncer, Caddy, NSS's certutil): found on PATH or
// where Debian puts them, else installed with apt-get (as root; `apt-get update` once if the first try fails).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const INSTALL_TIMEOUT_MS = 300_000;

function findBinary(binary) {
  const onPath = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' }).stdout.trim();
  return [onPath, ...['/usr/sbin', '/usr/bin', '/usr/local/bin'].map((dir) => `${dir}/${binary}`)].find((candidate) => candidate && fs.existsSync(candidate)) ?? null;
}

/**
 * The path of `binary`, installing Debian's `pkg` first when it is missing (root only). `otherwise` ends the error
 * that says how to install it by hand (e.g. "or run without --pgbouncer").
 */
export function ensureDebianBinary({ binary, pkg = binary, otherwise = '', log = console.error }) {
  const found = findBinary(binary);
  if (found) return found;
  if (process.getuid?.() !== 0 || !fs.existsSync('/usr/bin/apt-get')) {
    throw new Error(`${binary} is not installed: \`apt-get install -y ${pkg}\` (as root)${otherwise ? `, ${otherwise}` : ''}`);
  }
  log(`${binary}: not found, installing Debian's package (apt-get install -y ${pkg})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', pkg], { env, stdio: 'inherit', timeout: INSTALL_TIMEOUT_MS });
  if (install().status !== 0) {
    spawnSync('apt-get', ['update'], { env, stdio: 'inherit', timeout: INSTALL_TIMEOUT_MS });
    if (install().status !== 0) throw new Error(`apt-get install -y ${pkg} failed`);
  }
  const installed = findBinary(binary);
  if (!installed) throw new Error(`${pkg} was installed but ${binary} is not where Debian puts it`);
  return installed;
}
