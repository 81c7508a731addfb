// `npm run admin:create -- --email you@example.com`: the first admin of a deployment (docs/deploy.md). The password
// comes from BOLTWORK_ADMIN_PASSWORD or, when that is unset, the first line of standard input, never from an
// argument (it would sit in the shell's history and in `ps`). The database is DATABASE_URL's, or the running
// `npm start`'s embedded one.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { databaseUrlFromRunningApp } from './lib/running-app';

async function readPassword(): Promise<string> {
  if (process.env.BOLTWORK_ADMIN_PASSWORD) return process.env.BOLTWORK_ADMIN_PASSWORD;
  if (process.stdin.isTTY) process.stderr.write('Password for the admin: ');
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) return line;
  return '';
}

const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
process.env.DATABASE_URL ??= databaseUrlFromRunningApp();
if (!process.env.DATABASE_URL) {
  console.error('Set DATABASE_URL (or start the app with npm start first): the admin is created in its database.');
  process.exit(2);
}
if (!values.email) {
  console.error('Usage: npm run admin:create -- --email you@example.com [--name "Your Name"]  (password from BOLTWORK_ADMIN_PASSWORD or stdin)');
  process.exit(2);
}
const { createAdmin } = await import('@/lib/admin/create-admin');
const { disconnectDb } = await import('@/lib/db');
const { ZodError } = await import('zod');
try {
  const result = await createAdmin({ email: values.email, name: values.name, password: await readPassword() });
  console.log(`${result.created ? 'Created the admin' : 'Made an admin of'} ${result.email}. Sign in at /login/email.`);
} catch (error) {
  console.error(error instanceof ZodError ? error.issues.map((issue) => issue.message).join('\n') : (error as Error).message);
  process.exitCode = 1;
} finally {
  await disconnectDb();
}
