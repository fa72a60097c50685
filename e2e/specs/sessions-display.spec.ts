/**
 * Sessions as a person reads them: "Safari on iPhone", not a raw User-Agent header (the Security
 * page, the admin's user page, the audit log; the header stays in a tooltip), and the sign-in page
 * saying why you are there: signed out here, everywhere, or a session that ended elsewhere.
 */
import type { Page } from '@playwright/test';
import { ADMIN_STATE, createUser, mainPortal, sqliteDate, type TestUser, withDb } from '../support/portal';
import { anonymousContext, expect, signIn, signOut, test } from '../support/test';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

async function signedIn(page: Page, user: TestUser): Promise<void> {
  await signIn(page, user.username, user.password);
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
}

test('the Security page names each browser and system, with the raw header in a tooltip', async ({ browser, page }) => {
  const user = await createUser(mainPortal());
  const phone = await anonymousContext(browser, mainPortal().url, { userAgent: IPHONE });
  const laptop = await anonymousContext(browser, mainPortal().url, { userAgent: FIREFOX_LINUX });
  for (const context of [phone, laptop]) {
    const p = await context.newPage();
    await signedIn(p, user);
  }
  await signedIn(page, user);

  await page.goto('/security');
  const rows = page.getByTestId('session-row');
  await expect(rows).toHaveCount(3);
  const agents = rows.getByTestId('session-agent');
  await expect(rows.filter({ hasText: 'Safari on iPhone' }).getByTestId('session-agent')).toHaveAttribute('title', IPHONE);
  await expect(rows.filter({ hasText: 'Firefox on Linux' }).getByTestId('session-agent')).toHaveAttribute('title', FIREFOX_LINUX);
  // This browser is the test's own Chromium on Linux, whatever its exact header.
  await expect(rows.filter({ hasText: 'this browser' }).getByTestId('session-agent')).toHaveText(/^(Chrome|Chromium) on Linux$/);
  for (const text of await agents.allTextContents()) expect(text).toMatch(/^\S.* on \S.*$/);
  await expect(rows.filter({ hasText: 'Mozilla/5.0' })).toHaveCount(0);
  await phone.close();
  await laptop.close();
});

test.describe('as the admin', () => {
  test.use({ storageState: ADMIN_STATE });

  test("the admin's user page and the audit log name the browser too", async ({ browser, page }) => {
    const user = await createUser(mainPortal());
    const phone = await anonymousContext(browser, mainPortal().url, { userAgent: IPHONE });
    const p = await phone.newPage();
    await signedIn(p, user);

    await page.goto(`/admin/users/${user.id}`);
    const sessions = page.getByTestId('user-sessions');
    await expect(sessions).toContainText('Safari on iPhone');
    await expect(sessions).not.toContainText('Mozilla/5.0');
    await expect(sessions.getByTestId('session-agent')).toHaveAttribute('title', IPHONE);

    await page.goto(`/admin/audit?type=auth.sign_in&user=${user.username}`);
    const row = page.getByTestId('audit-row').first();
    await expect(row).toContainText('Safari on iPhone');
    await expect(row).not.toContainText('Mozilla/5.0');
    await expect(row.getByTitle(IPHONE)).toHaveText('Safari on iPhone');
    await phone.close();
  });
});

test('the Sign out button lands on a sign-in page that says "You are signed out."', async ({ page }) => {
  const user = await createUser(mainPortal());
  await signedIn(page, user);
  await signOut(page);
  // A live region, so a screen reader announces it.
  const notice = page.getByTestId('signed-out-notice');
  await expect(notice).toHaveAttribute('role', 'status');
  await expect(notice).toHaveText('You are signed out.');
  // Signing in again from there works, and the notice is not carried along.
  await page.getByLabel('Username or email').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  await expect(page.getByTestId('signed-out-notice')).toHaveCount(0);
});

test('"Sign out everywhere" says so here, and the other browser is told its session ended', async ({ browser, page }) => {
  const user = await createUser(mainPortal());
  const other = await anonymousContext(browser, mainPortal().url);
  const o = await other.newPage();
  await signedIn(o, user);
  await signedIn(page, user);

  await page.goto('/security');
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  const notice = page.getByTestId('signed-out-notice');
  await expect(notice).toHaveAttribute('role', 'status');
  await expect(notice).toContainText('You are signed out.');
  await expect(notice).toContainText('every other browser');

  await o.goto('/security');
  await expect(o).toHaveURL(/\/sign-in\?rd=%2Fsecurity/);
  await expect(o.getByTestId('signed-out-notice')).toHaveCount(1);
  await expect(o.getByTestId('signed-out-notice')).toContainText('Your session has ended.');
  await other.close();
});

test('an expired session is explained once on the sign-in page', async ({ page }) => {
  const user = await createUser(mainPortal());
  await signedIn(page, user);
  withDb(mainPortal(), (db) => db.prepare('UPDATE "Session" SET "expiresAt" = ? WHERE "userId" = ?').run(sqliteDate(new Date(Date.now() - 60_000)), user.id));
  await page.goto('/security');
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByTestId('signed-out-notice')).toHaveCount(1);
  await expect(page.getByTestId('signed-out-notice')).toContainText('Your session has expired.');
});

test('the notice cannot be made to say something else, nor shown to someone signed in', async ({ page }) => {
  for (const value of ['<b>Your account was hacked</b>', 'yes', '1 ', 'everywhere2']) {
    await page.goto(`/sign-in?signedOut=${encodeURIComponent(value)}`);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByTestId('signed-out-notice')).toHaveCount(0);
    await expect(page.getByText('Your account was hacked')).toHaveCount(0);
  }
  await page.goto('/sign-in?signedOut=1&signedOut=1');
  await expect(page.getByTestId('signed-out-notice')).toHaveCount(0);

  const user = await createUser(mainPortal());
  await signedIn(page, user);
  await page.goto('/sign-in?signedOut=1');
  await expect(page).not.toHaveURL(/\/sign-in/);
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
});
