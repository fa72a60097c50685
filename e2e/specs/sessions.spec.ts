/** The Security page: see your sessions, end one from another browser, sign out everywhere. */
import { createUser, mainPortal } from '../support/portal';
import { anonymousContext, expect, signIn, test } from '../support/test';

test('a session revoked from a second browser is signed out at its next request', async ({ browser }) => {
  const user = await createUser(mainPortal());
  const first = await anonymousContext(browser, mainPortal().url, { userAgent: 'Mozilla/5.0 (Windows NT 10.0) Firefox/140.0' });
  const second = await anonymousContext(browser, mainPortal().url);
  const a = await first.newPage();
  const b = await second.newPage();
  await signIn(a, user.username, user.password);
  await expect(a.getByTestId('signed-in-as')).toBeVisible();
  await signIn(b, user.email, user.password);
  await expect(b.getByTestId('signed-in-as')).toBeVisible();

  await b.goto('/security');
  const rows = b.getByTestId('session-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: 'this browser' })).toHaveCount(1);
  const other = rows.filter({ hasText: 'Firefox on Windows' });
  await other.getByRole('button', { name: /End session/ }).click();
  await expect(b.getByTestId('session-row')).toHaveCount(1);

  await a.reload();
  await expect(a).toHaveURL(/\/sign-in/);
  // The second browser is untouched.
  await b.goto('/');
  await expect(b.getByTestId('signed-in-as')).toHaveText(user.displayName);
  await first.close();
  await second.close();
});

test('sign out all other sessions keeps this one; sign out everywhere ends all', async ({ browser }) => {
  const user = await createUser(mainPortal());
  const contexts = await Promise.all([1, 2, 3].map(() => anonymousContext(browser, mainPortal().url)));
  const pages = await Promise.all(contexts.map((c) => c.newPage()));
  for (const page of pages) {
    await signIn(page, user.username, user.password);
    await expect(page.getByTestId('signed-in-as')).toBeVisible();
  }
  const [main, x, y] = pages as [(typeof pages)[0], (typeof pages)[0], (typeof pages)[0]];
  await main.goto('/security');
  await main.getByRole('button', { name: /Sign out all other sessions/ }).click();
  await expect(main.getByTestId('form-message')).toContainText('Signed out 2 other sessions.');
  await expect(main.getByTestId('session-row')).toHaveCount(1);
  for (const page of [x, y]) {
    await page.goto('/security');
    await expect(page).toHaveURL(/\/sign-in/);
  }
  await main.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(main).toHaveURL(/\/sign-in/);
  await main.goto('/');
  await expect(main).toHaveURL(/\/sign-in/);
  await Promise.all(contexts.map((c) => c.close()));
});

test('signing out this browser from the list works like the Sign out button', async ({ page }) => {
  const user = await createUser(mainPortal());
  await signIn(page, user.username, user.password);
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  await page.goto('/security');
  await page
    .getByTestId('session-row')
    .getByRole('button', { name: /Sign out/ })
    .click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
});
