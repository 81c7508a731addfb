import { expect, test, type Page } from '@playwright/test';
import { demoTeam, screenshotPath, signInWithEmail } from './helpers';

async function readEscrowSats(page: Page): Promise<number> {
  const text = (await page.getByTestId('escrow-balance').textContent()) ?? '';
  const match = /([\d,]+)\s*sats?/.exec(text);
  expect(match, `escrow balance in "${text}"`).not.toBeNull();
  return Number(match![1]!.replaceAll(',', ''));
}

test('a team funds a project over Lightning and sees its escrow grow', async ({ page }, info) => {
  await signInWithEmail(page, demoTeam);
  await page.waitForURL('**/team');
  await page.getByRole('link', { name: 'Which answer is more helpful?' }).click();
  await page.waitForURL(/\/team\/projects\/[0-9a-f-]{36}$/);
  await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Fund' }).click();
  await page.waitForURL(/\/team\/projects\/[0-9a-f-]{36}\/fund$/);
  await expect(page.getByTestId('project-title')).toHaveText('Which answer is more helpful?');
  await expect(page.getByRole('heading', { name: 'Fund this project' })).toBeVisible();
  const before = await readEscrowSats(page);

  await page.getByLabel('Amount (sats)').fill('1000');
  await page.getByRole('button', { name: 'Create invoice' }).click();
  await expect(page.getByAltText('Lightning invoice QR code')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open in wallet' })).toHaveAttribute('href', /^lightning:lnbcrt[0-9a-z]+$/);
  await expect(page.getByTestId('deposit-status')).toHaveText('Waiting for payment of 1,000 sats…');
  await page.screenshot({ path: screenshotPath('team-fund', info.project.name) });

  await page.getByRole('button', { name: 'Pay with the demo wallet' }).click();
  await expect(page.getByTestId('deposit-status')).toHaveText('Paid — escrow credited with 1,000 sats', { timeout: 20_000 });
  await expect.poll(() => readEscrowSats(page), { timeout: 15_000 }).toBe(before + 1000);
  await page.screenshot({ path: screenshotPath('team-fund-paid', info.project.name) });

  // The page survives a reload with the credited balance.
  await page.reload();
  expect(await readEscrowSats(page)).toBe(before + 1000);
});
