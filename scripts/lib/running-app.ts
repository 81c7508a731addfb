// What a running `npm start` left for the terminal tools (wallet, admin:create): its URL and its database's URL.
import { existsSync, readFileSync } from 'node:fs';

/** The database URL of the app `npm start` is running here, if any (.data/runtime.json). */
export function databaseUrlFromRunningApp(): string | undefined {
  if (!existsSync('.data/runtime.json')) return undefined;
  const runtime: unknown = JSON.parse(readFileSync('.data/runtime.json', 'utf8'));
  return typeof runtime === 'object' && runtime && 'databaseUrl' in runtime && typeof runtime.databaseUrl === 'string' ? runtime.databaseUrl : undefined;
}
