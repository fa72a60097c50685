/**
 * Behind real nginx (the generated configuration): one sign-in covers every app under the
 * cookie domain, the apps receive the identity, a one-factor session is sent to the second-factor
 * step on a two-factor app, and signing out or ending a session elsewhere takes effect on the
 * very next request.
 */
import { totpCodeAt } from '../../lib/mfa/totp';
import { linkIn, waitForMail } from '../support/mailbox';
import { PROXY_APPS } from '../support/proxy-stack';
import { createUser, proxyPortal } from '../support/portal';
import { anonymousContext, expect, signIn, test } from '../support/test';

const app = (host: string, path = '/') => `http://${host}:${proxyPortal().port}${path}`;

async function echoed(page: import('@playwright/test').Page): Promise<{ url: string; headers: Record<string, string> }> {
  return JSON.parse((await page.locator('body').innerText()).trim()) as { url: string; headers: Record<string, string> };
}

test('one sign-in covers every subdomain; signing out closes them all', async ({ browser }) => {
  const user = await createUser(proxyPortal(), { groups: ['paperless'] });
  const context = await anonymousContext(browser, proxyPortal().url);
  const page = await context.newPage();

  await page.goto(app(PROXY_APPS.one, '/documents/?page=2'));
  await expect(page).toHaveURL(/^http:\/\/auth\.example\.test:\d+\/sign-in\?rd=/);
  await expect(page.getByText(`Sign in to continue to ${PROXY_APPS.one}:${proxyPortal().port}.`)).toBeVisible();
  await page.getByLabel('Username or email').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();

  await expect(page).toHaveURL(app(PROXY_APPS.one, '/documents/?page=2'));
  const first = await echoed(page);
  expect(first.headers['remote-user']).toBe(user.username);
  expect(first.headers['remote-groups']).toBe('paperless');
  expect(first.headers['remote-email']).toBe(user.email);

  // Another app on another subdomain: no second sign-in.
  await page.goto(app(PROXY_APPS.two, '/'));
  expect((await echoed(page)).headers['remote-user']).toBe(user.username);

  // Sign out at the portal; the apps send the browser back to sign-in.
  await page.goto(`${proxyPortal().url}/`);
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto(app(PROXY_APPS.two, '/again'));
  await expect(page).toHaveURL(/^http:\/\/auth\.example\.test:\d+\/sign-in\?rd=/);
  await context.close();
});

test('a one-factor session on a two-factor app is guided through adding a second factor, then lands on the app', async ({ browser }) => {
  const user = await createUser(proxyPortal());
  const context = await anonymousContext(browser, proxyPortal().url);
  const page = await context.newPage();
  await page.goto(app(PROXY_APPS.strict, '/inbox/'));
  await page.getByLabel('Username or email').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in\/second-factor\?rd=/);
  await expect(page.getByRole('heading', { name: 'Set up a second factor' })).toBeVisible();
  await expect(page.getByText(`${PROXY_APPS.strict}:${proxyPortal().port} asks for two-factor sign-in`)).toBeVisible();

  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await expect(page.getByText(`We emailed a link to ${user.email}`)).toBeVisible();
  await page.goto(linkIn(await waitForMail(user.email, { subject: /add an authenticator app/ }), '/device/'));
  await page.getByRole('button', { name: 'Continue' }).click();
  const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
  await page.getByLabel('Code from the app').fill(totpCodeAt(secret, Date.now()));
  await page.getByRole('button', { name: 'Add the app' }).click();
  await expect(page.getByTestId('recovery-code')).toHaveCount(10);
  await page.getByRole('link', { name: 'I have saved them: continue' }).click();
  // Back where the user was going, now with two factors.
  await expect(page).toHaveURL(app(PROXY_APPS.strict, '/inbox/'));
  expect((await echoed(page)).headers['remote-user']).toBe(user.username);

  // Later, a fresh one-factor sign-in is stepped up by the code and returns to the app.
  await page.goto(`${proxyPortal().url}/`);
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await page.goto(app(PROXY_APPS.strict, '/later/'));
  await page.getByLabel('Username or email').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByLabel('Code from your authenticator app').fill(totpCodeAt(secret, Date.now() + 30_000));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(app(PROXY_APPS.strict, '/later/'));
  expect((await echoed(page)).headers['remote-user']).toBe(user.username);
  await context.close();
});

test('a session ended from another browser stops passing the proxy at its next request', async ({ browser }) => {
  const user = await createUser(proxyPortal());
  const [a, b] = [
    await anonymousContext(browser, proxyPortal().url, { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0' }),
    await anonymousContext(browser, proxyPortal().url),
  ];
  const pageA = await a.newPage();
  await signIn(pageA, user.username, user.password, `${proxyPortal().url}/sign-in?rd=${encodeURIComponent(app(PROXY_APPS.one, '/'))}`);
  await expect(pageA).toHaveURL(app(PROXY_APPS.one, '/'));
  expect((await echoed(pageA)).headers['remote-user']).toBe(user.username);

  const pageB = await b.newPage();
  await signIn(pageB, user.username, user.password, `${proxyPortal().url}/sign-in`);
  await expect(pageB.getByTestId('signed-in-as')).toBeVisible();
  await pageB.goto(`${proxyPortal().url}/security`);
  await pageB
    .getByTestId('session-row')
    .filter({ hasText: 'Firefox on Linux' })
    .getByRole('button', { name: /End session/ })
    .click();
  await expect(pageB.getByTestId('session-row')).toHaveCount(1);

  await pageA.goto(app(PROXY_APPS.one, '/after'));
  await expect(pageA).toHaveURL(/\/sign-in\?rd=/);
  await a.close();
  await b.close();
});
