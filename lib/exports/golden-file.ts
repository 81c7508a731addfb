// Test support for the golden-file tests (golden.int.test.ts, trees-golden.int.test.ts): compare the cases with the
// file, or rewrite it under BOLTWORK_EXPORT_GOLDEN_WRITE=1.
import fs from 'node:fs';
import { expect } from 'vitest';

/** The golden cases after checking `actual` against them one by one; null when the file was rewritten instead. */
export function expectGoldenFile<T>(file: string, actual: Record<string, T>): Record<string, T> | null {
  if (process.env.BOLTWORK_EXPORT_GOLDEN_WRITE === '1') {
    fs.writeFileSync(file, `${JSON.stringify(actual, null, 1)}\n`);
    return null;
  }
  const golden = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, T>;
  expect(Object.keys(actual)).toEqual(Object.keys(golden));
  for (const name of Object.keys(golden)) expect(actual[name], name).toEqual(golden[name]);
  return golden;
}
