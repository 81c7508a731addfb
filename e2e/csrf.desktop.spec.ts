// Cross-site request forgery against the real server: another site's auto-submitting form posts a server action
// with the worker's cookies. Next refuses a server action whose Origin is not this host, so nothing changes; the
// same form from our own origin works (the control that proves the request reaches the action).
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { signInAsNewWorker } from './worker-helpers';

function actionIdOf(file: string, name: string): string {
  const manifest = JSON.parse(fs.readFileSync('.next/server/server-reference-manifest.json', 'utf8')) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  const found = Object.entries(manifest.node).find(([, entry]) => entry.filename === file && entry.exportedName === name);
  if (!found) throw new Error(`no server action ${file}#${name} in the build`);
  return found[0];
}

test('a forged cross-site form post changes nothing; the same post from our origin works', async ({ page, baseURL }) => {
  await signInAsNewWorker(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // What a browser sends for <form method=post enctype=multipart/form-data> with the action's hidden field.
  const form = { [`$ACTION_ID_${actionIdOf('lib/workers/actions.ts', 'setLocaleAction')}`]: '', locale: 'es' };

  const forged = await page.request.post('/tasks', { headers: { origin: 'https://evil.example' }, multipart: form, maxRedirects: 0 });
  expect(forged.status()).toBeGreaterThanOrEqual(400);
  await page.goto('/tasks');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  const sibling = await page.request.post('/tasks', { headers: { origin: `http://127.0.0.1.nip.io:${new URL(baseURL!).port}` }, multipart: form, maxRedirects: 0 });
  expect(sibling.status()).toBeGreaterThanOrEqual(400);
  await page.goto('/tasks');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  const own = await page.request.post('/tasks', { headers: { origin: new URL(baseURL!).origin }, multipart: form, maxRedirects: 0 });
  expect(own.status()).toBeLessThan(400);
  await page.goto('/tasks');
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
});
