/**
 * Signups in the browser, through the real OpenID Connect provider process (oidc-provider, started
 * by npm test) and the real SMTP catcher: a newcomer lands pending and can use nothing; an admin
 * in a second browser approves (or rejects with a reason); email sign-in links act only on a
 * button press and work once; hostile provider answers get clear pages.
 */
import { replayAsNonAdmin } from '../support/replay';
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from '@playwright/test';
import { linkIn, waitForMail } from '../support/mailbox';
import { ADMIN_STATE, createUser, mainPortal, savedAdmin, withDb } from '../support/portal';
import { anonymousContext, capturePost, expect, test } from '../support/test';

const PROVIDER_BUTTON = 'Continue with Test IdP';

/** Signs in at the test provider as `login` (any password) and consents. */
async function throughProvider(page: Page, login: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: PROVIDER_BUTTON }).click();
  await page.waitForURL(/127\.0\.0\.1:\d+\/interaction\//);
  if (await page.locator('input[name=login]').count()) {
    await page.locator('input[name=login]').fill(login);
    await page.locator('input[name=password]').fill('anything');
    await page.getByRole('button', { name: 'Sign-in' }).click();
  }
  await page.getByRole('button', { name: 'Continue' }).click();
}

async function fresh(browser: Browser): Promise<Page> {
  const context = await anonymousContext(browser, mainPortal().url);
  return context.newPage();
}

async function adminPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: mainPortal().url, storageState: ADMIN_STATE });
  return context.newPage();
}

const statusOf = (username: string) =>
  withDb(mainPortal(), (db) => (db.prepare(`SELECT "status" FROM "User" WHERE "username" = ?`).get(username) as { status: string } | undefined)?.status);

test('a newcomer signs in with the provider, waits, is approved by an admin in another browser, then reaches the dashboard', async ({ browser }) => {
  const login = `newbie-${randomBytes(3).toString('hex')}`;
  const page = await fresh(browser);
  await throughProvider(page, login);
  await expect(page).toHaveURL(/\/sign-in\/waiting$/);
  await expect(page.getByRole('heading', { name: 'Waiting for approval' })).toBeVisible();
  expect(statusOf(login)).toBe('pending');
  await waitForMail(`${login}@example.test`, { subject: /we received your request/ });
  await waitForMail(savedAdmin().email, { subject: /asks for an account/ });

  // Pending: no session, so nothing opens.
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByTestId('signed-in-as')).toHaveCount(0);

  const admin = await adminPage(browser);
  await admin.goto('/admin/signups');
  const row = admin.getByTestId('pending-row').filter({ hasText: login });
  await expect(row).toContainText('Test IdP');
  await expect(row).toContainText(`${login}@example.test`);
  await row.getByRole('button', { name: `Approve ${login}` }).click();
  await row.getByLabel('Groups (optional, comma-separated)').fill('family');
  await row.getByRole('button', { name: `Approve ${login}` }).click();
  await expect(row.getByRole('status')).toContainText(`${login} is approved (groups: family).`);
  await waitForMail(`${login}@example.test`, { subject: /your account is ready/ });
  await admin.context().close();

  await throughProvider(page, login);
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  expect(statusOf(login)).toBe('active');
  await page.context().close();
});

test('a rejected newcomer is told why, and a second admin deciding the same signup sees who decided first', async ({ browser }) => {
  const login = `refused-${randomBytes(3).toString('hex')}`;
  const page = await fresh(browser);
  await throughProvider(page, login);
  await expect(page).toHaveURL(/\/sign-in\/waiting$/);

  const first = await adminPage(browser);
  const second = await adminPage(browser);
  await Promise.all([first.goto('/admin/signups'), second.goto('/admin/signups')]);
  const firstRow = first.getByTestId('pending-row').filter({ hasText: login });
  await firstRow.getByRole('button', { name: `Reject ${login}` }).click();
  await firstRow.getByLabel('Reason (optional, sent to them)').fill('We do not know you.');
  await firstRow.getByRole('button', { name: `Reject ${login}` }).click();
  await expect(firstRow.getByRole('status')).toContainText(`${login} is rejected.`);

  // The second admin still has the old list open and approves: refused, saying what happened.
  const secondRow = second.getByTestId('pending-row').filter({ hasText: login });
  await secondRow.getByRole('button', { name: `Approve ${login}` }).click();
  await secondRow.getByRole('button', { name: `Approve ${login}` }).click();
  await expect(secondRow.getByRole('alert')).toContainText(`${login} was already rejected by ${savedAdmin().username}`);
  expect(statusOf(login)).toBe('rejected');
  const mail = await waitForMail(`${login}@example.test`, { subject: /declined/ });
  expect(mail.text).toContain('We do not know you.');
  await first.context().close();
  await second.context().close();

  await throughProvider(page, login);
  await expect(page).toHaveURL(/\/sign-in\/problem/);
  await expect(page.getByText('Your request for an account was declined. Reason given: We do not know you.')).toBeVisible();
  await page.context().close();
});

test('hostile provider answers: no email, and an unverified email that matches an existing account', async ({ browser }) => {
  let page = await fresh(browser);
  await throughProvider(page, `noemail-${randomBytes(3).toString('hex')}`);
  await expect(page).toHaveURL(/\/sign-in\/problem/);
  await expect(page.getByText('did not give Gatehouse an email address')).toBeVisible();

  await page.context().close();

  // A new browser: the provider would otherwise remember the first account.
  page = await fresh(browser);
  const existing = await createUser(mainPortal(), { prefix: 'unverified' });
  withDb(mainPortal(), (db) => db.prepare(`UPDATE "User" SET "allowLinking" = 1 WHERE "id" = ?`).run(existing.id));
  await throughProvider(page, existing.email);
  await expect(page).toHaveURL(/\/sign-in\/problem/);
  await expect(page.getByText('does not confirm that the address is yours')).toBeVisible();
  expect(withDb(mainPortal(), (db) => (db.prepare(`SELECT COUNT(*) AS n FROM "Identity" WHERE "userId" = ?`).get(existing.id) as { n: number }).n)).toBe(0);

  // A crafted problem page shows nothing it was told to say.
  await page.goto('/sign-in/problem?message=Call%20%2B1%20555%200100%20to%20unlock&sig=forged');
  await expect(page.getByText('Call +1 555 0100')).toHaveCount(0);
  await expect(page.getByText('The sign-in did not work. Start again.')).toBeVisible();
  await page.context().close();
});

test('an email link signs an existing user in only on the button press, and works once', async ({ browser }) => {
  const user = await createUser(mainPortal());
  const page = await fresh(browser);
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Email me a sign-in link instead' }).click();
  await page.getByLabel('Email address').fill(user.email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByTestId('form-message')).toContainText('If this address can sign in here, a link is on its way.');
  const link = linkIn(await waitForMail(user.email, { subject: /sign-in link/ }), '/sign-in/email/');

  // Opening the link (what a mail scanner does) signs nobody in.
  await page.goto(link);
  await expect(page.getByRole('heading', { name: `Sign in as ${user.email}` })).toBeVisible();
  expect(withDb(mainPortal(), (db) => (db.prepare(`SELECT COUNT(*) AS n FROM "Session" WHERE "userId" = ?`).get(user.id) as { n: number }).n)).toBe(0);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-as')).toBeVisible();

  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'This link has already been used' })).toBeVisible();
  await page.context().close();
});

test('an email link for a new address asks for an account, which then waits for approval', async ({ browser }) => {
  const email = `linkie-${randomBytes(3).toString('hex')}@example.test`;
  const page = await fresh(browser);
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Email me a sign-in link instead' }).click();
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByTestId('form-message')).toContainText('a link is on its way');
  await page.goto(linkIn(await waitForMail(email, { subject: /sign-in link/ }), '/sign-in/email/'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/sign-in\/waiting$/);
  const row = withDb(
    mainPortal(),
    (db) => db.prepare(`SELECT "status", "signupMethod" FROM "User" WHERE "email" = ?`).get(email) as { status: string; signupMethod: string },
  );
  expect(row).toEqual({ status: 'pending', signupMethod: 'email' });
  await page.context().close();
});

test('an invited address signs up with the provider and is active at once, in the invited groups', async ({ browser }) => {
  const login = `invitee-${randomBytes(3).toString('hex')}`;
  const admin = await adminPage(browser);
  await admin.goto('/admin/signups');
  await admin.getByLabel('Email address to invite').fill(`${login}@example.test`);
  await admin.getByLabel('Groups (optional)').fill('family, paperless');
  await admin.getByRole('button', { name: 'Send invitation' }).click();
  await expect(admin.getByTestId('form-message')).toContainText(`${login}@example.test is invited until`);
  await expect(admin.getByTestId('invitation-row').filter({ hasText: login })).toContainText('open');
  await waitForMail(`${login}@example.test`, { subject: /you are invited/ });
  await admin.context().close();

  const page = await fresh(browser);
  await throughProvider(page, login);
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  const groups = withDb(
    mainPortal(),
    (db) =>
      db
        .prepare(
          `SELECT g."name" FROM "UserGroup" ug JOIN "Group" g ON g."id" = ug."groupId" JOIN "User" u ON u."id" = ug."userId" WHERE u."username" = ? ORDER BY g."name"`,
        )
        .all(login) as { name: string }[],
  );
  expect(groups.map((g) => g.name)).toEqual(['family', 'paperless']);
  await page.context().close();
});

test('a replayed provider callback, or one opened in another browser (no state cookie), is refused', async ({ browser }) => {
  const login = `replay-${randomBytes(3).toString('hex')}`;
  const page = await fresh(browser);
  const callbacks: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/auth/callback/')) callbacks.push(request.url());
  });
  await throughProvider(page, login);
  await expect(page).toHaveURL(/\/sign-in\/waiting$/);
  expect(callbacks).toHaveLength(1);
  const users = () =>
    withDb(mainPortal(), (db) => (db.prepare(`SELECT COUNT(*) AS n FROM "User" WHERE "username" LIKE ?`).get(`${login}%`) as { n: number }).n);
  expect(users()).toBe(1);

  // The same code and state again, in the same browser: next-auth's state cookie is gone.
  await page.goto(callbacks[0]!);
  await expect(page).toHaveURL(/\/sign-in\?.*error=OAuthCallback/);
  await expect(page.getByTestId('provider-problem')).toContainText('could not be checked');
  // And in another browser, which never started this sign-in.
  const other = await fresh(browser);
  await other.goto(callbacks[0]!);
  await expect(other).toHaveURL(/\/sign-in\?.*error=OAuthCallback/);
  await expect(other.getByTestId('provider-problem')).toContainText('could not be checked');
  expect(users()).toBe(1);
  await other.context().close();
  await page.context().close();
});

test('an approval replayed with a non-admin session is refused and approves nobody', async ({ browser, playwright }) => {
  const login = `sneaky-${randomBytes(3).toString('hex')}`;
  const newcomer = await fresh(browser);
  await throughProvider(newcomer, login);
  await expect(newcomer).toHaveURL(/\/sign-in\/waiting$/);
  await newcomer.context().close();

  const admin = await adminPage(browser);
  await admin.goto('/admin/signups');
  const row = admin.getByTestId('pending-row').filter({ hasText: login });
  await row.getByRole('button', { name: `Approve ${login}` }).click();
  const captured = await capturePost(admin, '**/admin/signups', () => row.getByRole('button', { name: `Approve ${login}` }).click());
  await admin.context().close();

  expect(await replayAsNonAdmin(browser, playwright, '/admin/signups', captured)).toContain('Only administrators can do this.');
  expect(statusOf(login)).toBe('pending');
});
