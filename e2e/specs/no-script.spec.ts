/**
 * A form sent before the page's script has loaded — a slow phone, or scripts turned off — is a
 * plain browser form submission. Under the former `Referrer-Policy: no-referrer` the browser sent
 * it with `Origin: null` even to its own origin, and every CSRF check (proxy.ts, the action
 * pipeline, Next's own) refused it: a fast click on a freshly loaded page failed with "sent from
 * another site". Under `same-origin` the browser names the portal's origin, which is accepted;
 * `Origin: null` is still refused.
 */
import { createUser, mainPortal, withDb } from '../support/portal';
import { anonymousContext, expect, test } from '../support/test';

const sessionsOf = (userId: string) =>
  withDb(mainPortal(), (db) => (db.prepare('SELECT COUNT(*) AS n FROM "Session" WHERE "userId" = ?').get(userId) as { n: number }).n);

test('with scripts off, the sign-in form signs in: the plain form names the portal as its origin', async ({ browser }) => {
  const user = await createUser(mainPortal());
  const context = await anonymousContext(browser, mainPortal().url, { javaScriptEnabled: false });
  const page = await context.newPage();
  const origins: (string | undefined)[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') origins.push(request.headers().origin);
  });
  await page.goto('/sign-in');
  await page.getByLabel('Username or email').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: `Hello, ${user.displayName}` })).toBeVisible();
  expect(origins).toEqual([new URL(mainPortal().url).origin]);
  expect(sessionsOf(user.id)).toBe(1);
  await context.close();
});

test('with scripts off, a wrong password is refused on the page with the message, and no session', async ({ browser }) => {
  const user = await createUser(mainPortal());
  const context = await anonymousContext(browser, mainPortal().url, { javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Username or email').fill(user.username);
  await page.getByLabel('Password').fill(`${user.password}x`);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByText('The username or password is incorrect.')).toBeVisible();
  await expect(page.getByLabel('Username or email')).toHaveValue(user.username);
  expect(sessionsOf(user.id)).toBe(0);
  await context.close();
});

test('a form sent with Origin: null (a sandboxed frame, a data: URL) is refused and signs nobody in', async ({ browser }) => {
  const user = await createUser(mainPortal());
  const context = await anonymousContext(browser, mainPortal().url);
  const response = await context.request.post('/sign-in', {
    headers: { Origin: 'null', 'Next-Action': '0'.repeat(42) },
    multipart: { login: user.username, password: user.password },
  });
  expect(response.status()).toBe(403);
  expect(await response.text()).toContain('sent from another site');
  expect(sessionsOf(user.id)).toBe(0);
  await context.close();
});
