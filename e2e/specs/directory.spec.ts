/**
 * Users from a directory, end to end, in Debian's Chromium: a real OpenLDAP slapd, a Gatehouse of
 * its own and an app behind real nginx (e2e/support/directory-stack.ts). An admin configures the
 * directory on the admin page (a preset, ldaps:// with the directory's CA, the service account),
 * tests the connection and a user, and saves; a directory user then signs in on the normal
 * sign-in page, adds an authenticator app, and opens the app, whose Remote-Groups carries the
 * directory groups; the directory locks them, "Sync now" runs, and they are refused.
 */
import type { Page } from '@playwright/test';
import { totpCodeAt } from '../../lib/mfa/totp';
import { type DirectoryStack, startDirectoryStack } from '../support/directory-stack';
import { linkIn, waitForMail } from '../support/mailbox';
import { createUser, type TestUserWithFactor } from '../support/portal';
import { anonymousContext, expect, signInWithFactor, test } from '../support/test';

let stack: DirectoryStack;
let admin: TestUserWithFactor;
let adminPage: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  stack = await startDirectoryStack();
  admin = await createUser(stack.portal, { groups: ['admins'], factor: true });
  adminPage = await (await anonymousContext(browser, stack.portal.url)).newPage();
  await signInWithFactor(adminPage, admin);
});

test.afterAll(async () => {
  await adminPage?.context().close();
  await stack?.stop();
});

const echoed = async (page: Page) => JSON.parse((await page.locator('body').innerText()).trim()) as { headers: Record<string, string> };

test('an admin configures the directory on its page: a preset, ldaps:// with its CA, test connection, test a user, save', async () => {
  test.setTimeout(90_000);
  const page = adminPage;
  const { slapd, seed } = stack;
  await page.goto('/admin/directory');
  await expect(page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Directory' })).toBeVisible();

  // The preset fills the form with OpenLDAP's usual values.
  await page.getByLabel('Kind of directory').selectOption('openldap');
  await expect(page.getByLabel('User filter')).toHaveValue('(objectClass=inetOrgPerson)');
  await expect(page.getByLabel('Unique id attribute')).toHaveValue('entryUUID');
  await page.getByLabel('Server addresses').fill(slapd.ldapsUrl);
  await page.getByLabel('CA certificate (optional)').fill(slapd.caPem);
  await page.getByLabel('Bind DN').fill(seed.SERVICE.dn);
  await page.getByLabel('Bind password').fill(seed.SERVICE.password);
  await page.getByLabel('User base DN').fill(seed.PEOPLE);
  await page.getByLabel('Group base DN (optional)').fill(seed.GROUPS);
  await page.getByLabel('Groups allowed to sign in (optional)').fill('staff');

  // Turning certificate checking off is possible, and loudly said.
  await page.getByLabel(/Check the server's TLS certificate/).uncheck();
  await expect(page.getByTestId('tls-off-warning')).toBeVisible();
  await page.getByLabel(/Check the server's TLS certificate/).check();
  await expect(page.getByTestId('tls-off-warning')).toHaveCount(0);

  // A wrong address fails at its step, with words an admin can act on.
  await page.getByLabel('Server addresses').fill(slapd.mismatchUrl);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('directory-test-result').locator('[data-ok="false"]').first()).toContainText(/certificate/i);
  await page.getByLabel('Server addresses').fill(slapd.ldapsUrl);

  await page.getByRole('button', { name: 'Test connection' }).click();
  const result = page.getByTestId('directory-test-result');
  await expect(result).toContainText('Connection test');
  await expect(result.getByTestId('test-step').first()).toBeVisible();
  await expect(result.locator('[data-ok="false"]')).toHaveCount(0);

  await page.getByLabel('Username', { exact: true }).fill('bob');
  await page.getByRole('button', { name: 'Test a user' }).click();
  await expect(result).toContainText('What Gatehouse sees for “bob”');
  await expect(result.getByTestId('test-groups')).toContainText('staff');
  await expect(result.getByTestId('test-groups')).toContainText('paperless');
  await expect(result.getByTestId('test-decision')).toContainText('would sign in');
  await expect(result).toContainText(seed.USERS.bob.mail);

  await page.getByRole('button', { name: 'Save directory settings' }).click();
  await expect(page.getByTestId('form-message')).toContainText('Saved. Directory users can sign in');

  // The bind password is write-only: never sent back, only "set".
  await page.reload();
  await expect(page.getByTestId('bind-password-stored')).toBeVisible();
  await expect(page.getByLabel('Bind password')).toHaveCount(0);
  expect(await page.content()).not.toContain(seed.SERVICE.password);
  await expect(page.getByTestId('tls-off-banner')).toHaveCount(0);
});

test('a directory user signs in, adds an authenticator app, opens the app with their directory groups; locked in the directory and synced, they are refused', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { seed } = stack;
  const bob = seed.USERS.bob;
  const context = await anonymousContext(browser, stack.portal.url);
  const page = await context.newPage();

  // The app asks for two factors: the normal sign-in page, then adding an authenticator app.
  await page.goto(stack.app('/inbox/'));
  await expect(page).toHaveURL(/^http:\/\/auth\.example\.test:\d+\/sign-in\?rd=/);
  await page.getByLabel('Username or email').fill(bob.uid);
  await page.getByLabel('Password').fill(seed.PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Set up a second factor' })).toBeVisible();
  const asked = Date.now();
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await expect(page.getByText(`We emailed a link to ${bob.mail}`)).toBeVisible();
  const mail = await waitForMail(bob.mail, { subject: /add an authenticator app/ });
  expect(Date.parse(mail.receivedAt)).toBeGreaterThanOrEqual(asked - 1000);
  await page.goto(linkIn(mail, '/device/'));
  await page.getByRole('button', { name: 'Continue' }).click();
  const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
  await page.getByLabel('Code from the app').fill(totpCodeAt(secret, Date.now()));
  await page.getByRole('button', { name: 'Add the app' }).click();
  await expect(page.getByTestId('recovery-code')).toHaveCount(10);
  await page.getByRole('link', { name: 'I have saved them: continue' }).click();

  // The app, with the identity and the directory's groups.
  await expect(page).toHaveURL(stack.app('/inbox/'));
  const { headers } = await echoed(page);
  expect(headers['remote-user']).toBe(bob.uid);
  expect(headers['remote-email']).toBe(bob.mail);
  expect((headers['remote-groups'] ?? '').split(',').sort()).toEqual(['paperless', 'staff']);

  // No password form for them: the directory manages it.
  await page.goto(`${stack.portal.url}/security`);
  await expect(page.getByTestId('password-managed-by-directory')).toContainText('managed by your directory');

  // The directory locks the account; the admin runs the sync.
  stack.ldapModify([`dn: ${bob.dn}`, 'changetype: modify', 'add: pwdAccountLockedTime', 'pwdAccountLockedTime: 000001010000Z', ''].join('\n'));
  await adminPage.goto('/admin/directory');
  await adminPage.getByRole('button', { name: 'Sync now' }).click();
  await expect(adminPage.getByTestId('sync-now-message')).toContainText('1 disabled');
  await expect(adminPage.getByTestId('sync-change').filter({ hasText: bob.uid })).toContainText('the directory disabled or locked it');

  // Their session ended with the sync: the app sends them to sign in, and signing in is refused.
  await page.goto(stack.app('/inbox/again'));
  await expect(page).toHaveURL(/^http:\/\/auth\.example\.test:\d+\/sign-in\?rd=/);
  await page.getByLabel('Username or email').fill(bob.uid);
  await page.getByLabel('Password').fill(seed.PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('form-message')).toContainText(/disabled/);
  await expect(page).toHaveURL(/\/sign-in/);
  await context.close();
});
