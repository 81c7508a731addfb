// Builds the Next app when its sources changed since the last build, so `npm start` after a pull
// never serves a stale build, and a second `npm start` skips the ~1 min build.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const SOURCE_DIRS = ['app', 'components', 'lib', 'public'];
const SOURCE_FILES = ['next.config.js', 'postcss.config.mjs', 'tsconfig.json', 'package-lock.json', 'prisma/schema.prisma'];
const FINGERPRINT_FILE = '.next/boltwork-source-fingerprint';

function* walk(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'generated' && entry.name !== 'node_modules') yield* walk(full);
    } else if (!/\.(test|int\.test)\.tsx?$/.test(entry.name)) {
      yield full;
    }
  }
}

export function sourceFingerprint() {
  const hash = createHash('sha256');
  for (const file of [...SOURCE_DIRS.flatMap((dir) => [...walk(dir)]), ...SOURCE_FILES.filter((f) => fs.existsSync(f))]) {
    hash.update(file).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export async function ensureBuilt(env) {
  const fingerprint = sourceFingerprint();
  const built = fs.existsSync('.next/BUILD_ID') && fs.existsSync(FINGERPRINT_FILE) ? fs.readFileSync(FINGERPRINT_FILE, 'utf8') : '';
  if (built === fingerprint) return;
  console.log('Building the app (first start, or the sources changed) …');
  await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.resolve('node_modules/next/dist/bin/next'), 'build'], {
      env: { ...env, NODE_ENV: 'production' },
      stdio: 'inherit',
    });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit ${code})`))));
  });
  fs.writeFileSync(FINGERPRINT_FILE, fingerprint);
}
