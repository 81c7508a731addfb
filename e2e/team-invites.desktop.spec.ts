import { expect, test, type Browser, type Page } from '@playwright/test';
import { demoAdmin, signInWithEmail } from './helpers';

// Accounts for a team, in demo mode (mail lands in /dev/outbox; the SMTP path is tested against a real SMTP server
// in lib/teams/teams.int.test.ts): an admin creates a team, its owner accepts the mailed invite with a new account,
// signs in, starts a project and invites a read-only member, who sees the dashboard and no control that changes
// anything.

const tag = Date.now().toString(36);
const teamName = `Invite Lab ${tag}`;
const owner = { email: `owner-${tag}@example.test`, password: 'owner password 123', name: 'Olga Owner' };
const reader = { email: `reader-${tag}@example.test`, password: 'reader password 123', name: 'Rita Reader' };

/** The invite link in the newest outbox mail to `email`. */
async function inviteLinkFor(page: Page, email: string): Promise<string> {
  await page.goto('/dev/outbox');
  const mail = page.getByTestId('outbox-mail').filter({ hasText: `To ${email}` }).first();
  await expect(mail).toContainText('You are invited to');
  return /https?:\/\/\S+\/invite\/[\w-]{43}/.exec(await mail.innerText())![0];
}

/** Opens the link in a fresh browser (nobody signed in) and makes the account. */
async function acceptWithNewAccount(browser: Browser, link: string, person: typeof owner): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(link, { waitUntil: 'networkidle' });
  await page.getByLabel('Your name').fill(person.name);
  await page.getByLabel('Choose a password').fill(person.password);
  await page.getByLabel('The same again').fill(person.password);
  await page.getByRole('button', { name: 'Create my account and join' }).click();
  await page.waitForURL('**/team');
  await expect(page.getByRole('heading', { name: teamName })).toBeVisible();
  return page;
}

test('an admin creates a team, its owner accepts and invites a read-only member who can look but not change', async ({ page, browser }) => {
  test.setTimeout(180_000);
  await signInWithEmail(page, demoAdmin);
  await page.waitForURL('**/admin');
  await page.goto('/admin/teams', { waitUntil: 'networkidle' });
  await page.getByLabel('Team name', { exact: true }).fill(teamName);
  await page.getByLabel('Owner email', { exact: true }).fill(owner.email.toUpperCase());
  await page.getByRole('button', { name: 'Create team and invite owner' }).click();
  await expect(page.getByRole('status')).toContainText(`the invite went to ${owner.email}`);
  const row = page.getByTestId('admin-team').filter({ hasText: teamName });
  await expect(row).toContainText(`Pending invites: ${owner.email} (owner)`);
  await expect(row.getByTestId('admin-team-counts')).toContainText('0 members');

  // The owner accepts, then signs in again with the password they chose.
  const ownerLink = await inviteLinkFor(page, owner.email);
  const first = await acceptWithNewAccount(browser, ownerLink, owner);
  await first.context().close();
  const ownerPage = await (await browser.newContext()).newPage();
  await signInWithEmail(ownerPage, owner);
  await ownerPage.waitForURL('**/team');

  // The link worked once.
  await ownerPage.goto(ownerLink);
  await expect(ownerPage.getByRole('heading', { name: 'This invite no longer works' })).toBeVisible();

  // A project for the dashboard.
  await ownerPage.goto('/team/projects/new', { waitUntil: 'networkidle' });
  await ownerPage.getByLabel('Title').fill(`Invite project ${tag}`);
  await ownerPage.getByRole('radio', { name: 'Compare two answers' }).check();
  await ownerPage.getByLabel('Instructions').fill('Pick the better answer.');
  await ownerPage.getByRole('button', { name: 'Create project' }).click();
  await ownerPage.waitForURL(/\/team\/projects\/[0-9a-f-]{36}$/);
  const projectPath = new URL(ownerPage.url()).pathname;

  // The owner invites a read-only member.
  await ownerPage.goto('/team/members', { waitUntil: 'networkidle' });
  await ownerPage.getByLabel('Email', { exact: true }).fill(reader.email);
  await ownerPage.getByLabel('Role', { exact: true }).selectOption('READ_ONLY');
  await ownerPage.getByRole('button', { name: 'Send invite' }).click();
  await expect(ownerPage.getByRole('status')).toContainText(`Invite sent to ${reader.email}`);
  await expect(ownerPage.getByTestId('team-invite')).toContainText(`${reader.email} · Read-only`);

  const readerPage = await acceptWithNewAccount(browser, await inviteLinkFor(page, reader.email), reader);
  await expect(readerPage.getByText('Read-only', { exact: true })).toBeVisible();
  await expect(readerPage.getByRole('navigation', { name: 'Team' }).getByRole('link', { name: 'New project' })).toHaveCount(0);

  // The dashboard, without the controls that change anything.
  await readerPage.getByRole('link', { name: `Invite project ${tag}` }).click();
  await readerPage.waitForURL(`**${projectPath}`);
  await expect(readerPage.getByTestId('project-title')).toHaveText(`Invite project ${tag}`);
  const tabs = readerPage.getByRole('navigation', { name: 'Project' });
  await expect(tabs.getByRole('link', { name: 'Exports' })).toBeVisible();
  for (const hidden of ['Settings', 'Upload', 'Fund']) await expect(tabs.getByRole('link', { name: hidden })).toHaveCount(0);
  await expect(readerPage.getByRole('button', { name: 'Publish' })).toHaveCount(0);
  await tabs.getByRole('link', { name: 'Exports' }).click();
  await expect(readerPage.getByTestId('read-only-notice')).toBeVisible();
  await expect(readerPage.getByRole('button', { name: /export/i })).toHaveCount(0);
  // Typed-in addresses of change pages show the notice, not a form.
  for (const path of [`${projectPath}/settings`, `${projectPath}/upload`, `${projectPath}/fund`, '/team/projects/new', '/team/api', '/team/webhooks']) {
    await readerPage.goto(path);
    await expect(readerPage.getByTestId('read-only-notice'), path).toBeVisible();
  }
  await expect(readerPage.getByRole('button', { name: 'Create key' })).toHaveCount(0);
  await readerPage.goto('/team/members');
  await expect(readerPage.getByTestId('team-member')).toHaveCount(2);
  await expect(readerPage.getByRole('button', { name: 'Send invite' })).toHaveCount(0);
  await expect(readerPage.getByRole('button', { name: 'Remove' })).toHaveCount(0);
});
