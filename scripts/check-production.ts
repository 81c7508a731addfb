// `npm start` runs this before Next outside demo mode: it prints one line per unsafe setting and exits 1, so an
// unsafe production never starts. BOLTWORK_ALLOW_UNSAFE_START=1 starts anyway with the lines as warnings (a local
// trial of non-demo mode, never a deployment).
import { db, disconnectDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { configurationProblems, databaseProblems } from '@/lib/ops/production-checks';

const env = getEnv();
const problems = [...configurationProblems(env), ...(await databaseProblems(env, db))];
await disconnectDb();
const allowed = process.env.BOLTWORK_ALLOW_UNSAFE_START === '1';
for (const problem of problems) console.error(`${allowed ? 'warning' : 'refusing to start'}: ${problem}`);
process.exit(problems.length > 0 && !allowed ? 1 : 0);
