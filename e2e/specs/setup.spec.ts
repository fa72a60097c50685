/**
 * First start: the setup link printed on the console creates the first admin. Runs first (the
 * "setup" project); the admin it creates is saved for the other specs.
 */
import { ADMIN_STATE, mainPortal, saveAdmin, setupLinkFromLog } from '../support/portal';
import { linkIn, waitForMail } from '../support/mailbox';
import { anonymousContext, expect, freshTotpCode, signIn, signOut, test } from '../support/test';

const admin = {
  username: 'root-admin',
  email: 'root-admin@example.test',
  displayName: 'Ada Admin',
  password: 'tangerine glacier 4417 harbour',
};

test('a made-up setup link shows a clear page, not a crash', async ({ page }) => {
  await page.goto(`/setup/${'x'.repeat(43)}`);
  await expect(page.getByRole('heading', { name: 'This link is not valid' })).toBeVisible();
  await page.goto('/setup/..%2F..%2Fetc%2Fpasswd');
  await expect(page.getByRole('heading', { name: 'This link is not valid' })).toBeVisible();
});

test('the setup link creates the first admin, who signs out, signs in, and ends that session from a second browser', async ({ page, context, browser }) => {
  // It also adds the admin's authenticator app, which admins must have before any admin page.
  test.setTimeout(120_000);
  const link = setupLinkFromLog(mainPortal());
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Create the first administrator' })).toBeVisible();

  // Nothing filled in: every field says what it needs.
  await page.getByRole('button', { name: 'Create admin account' }).click();
  await expect(page.getByText('Use at least 2 characters.')).toBeVisible();
  await expect(page.getByText('Enter a valid email address, such as anna@example.com.')).toBeVisible();

  // A control character in the username, a weak password, then a mismatch: each refused next to its field.
  await page.getByLabel('Username').fill('root\u0007admin');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Display name').fill(admin.displayName);
  await page.getByLabel('Password', { exact: true }).fill('password1234');
  await page.getByLabel('Repeat the password').fill('password1234');
  await page.getByRole('button', { name: 'Create admin account' }).click();
  const username = page.getByLabel('Username');
  await expect(username).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#field-username-error')).toContainText('letters, digits, dots, dashes and underscores');
  // What was typed survives the refusal (passwords excepted).
  await expect(page.getByLabel('Email')).toHaveValue(admin.email);

  await username.fill(admin.username);
  await page.getByLabel('Password', { exact: true }).fill('password1234');
  await page.getByLabel('Repeat the password').fill('password1234');
  await page.getByRole('button', { name: 'Create admin account' }).click();
  await expect(page.locator('#field-password-error')).toContainText('too easy to guess');

  await page.getByLabel('Password', { exact: true }).fill(admin.password);
  await page.getByLabel('Repeat the password').fill(`${admin.password}!`);
  await page.getByRole('button', { name: 'Create admin account' }).click();
  await expect(page.locator('#field-confirmPassword-error')).toHaveText('The two passwords do not match.');

  await page.getByLabel('Password', { exact: true }).fill(admin.password);
  await page.getByLabel('Repeat the password').fill(admin.password);
  await page.getByRole('button', { name: 'Create admin account' }).click();
  // Setup leads straight to the admin's authenticator app (the setup link grants it: no mail needed),
  // then to the admin overview. This admin adds theirs later, through the emailed link (below).
  await expect(page).toHaveURL(/\/security\/add\/totp\?grant=[A-Za-z0-9_-]{43}&rd=%2Fadmin&first=1$/, { timeout: 30_000 });
  await expect(page.getByTestId('setup-done')).toContainText('Administrators must use a second factor');
  await expect(page.getByTestId('totp-secret')).toBeVisible();
  await expect(page.getByTestId('signed-in-as')).toHaveText(admin.displayName);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' })).toBeVisible();

  // The session cookie: HttpOnly, SameSite=Lax, not Secure on http://localhost.
  const cookie = (await context.cookies()).find((c) => c.name === 'gatehouse_session');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });
  expect(cookie!.value).toMatch(/^[A-Za-z0-9_-]{43}$/);

  await signOut(page);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

  // The used setup link now says setup is done.
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Setup is complete' })).toBeVisible();

  await signIn(page, admin.username, admin.password);
  await expect(page.getByRole('heading', { name: `Hello, ${admin.displayName}` })).toBeVisible();

  // A second browser signs in and ends the first one's session from the Security page.
  const second = await anonymousContext(browser, mainPortal().url, { userAgent: 'Mozilla/5.0 (Macintosh; Mac OS X 14_0) Safari/605.1.15' });
  const other = await second.newPage();
  await signIn(other, admin.email, admin.password);
  await expect(other.getByTestId('signed-in-as')).toHaveText(admin.displayName);
  await other.goto('/security');
  await expect(other.getByTestId('session-row')).toHaveCount(2);
  await other
    .getByTestId('session-row')
    .filter({ hasNotText: 'this browser' })
    .getByRole('button', { name: /End session/ })
    .click();
  await expect(other.getByTestId('session-row')).toHaveCount(1);
  await page.reload();
  await expect(page).toHaveURL(/\/sign-in/);

  // Admins must use a second factor: the first admin page sends them to add one, then back there.
  await other.goto('/admin/users');
  await expect(other).toHaveURL(/\/security\?required=admin&rd=%2Fadmin%2Fusers$/);
  await expect(other.getByTestId('admin-enrol-required')).toContainText('Administrators must use a second factor');
  await other.getByRole('button', { name: 'Add an authenticator app' }).click();
  await expect(other.getByText(`We emailed a link to ${admin.email}`)).toBeVisible();
  await other.goto(linkIn(await waitForMail(admin.email, { subject: /add an authenticator app/ }), '/device/'));
  await other.getByRole('button', { name: 'Continue' }).click();
  const totpSecret = (await other.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
  await other.getByLabel('Code from the app').fill(await freshTotpCode(totpSecret));
  await other.getByRole('button', { name: 'Add the app' }).click();
  await expect(other.getByTestId('recovery-code')).toHaveCount(10);
  await other.getByRole('link', { name: 'I have saved them: continue' }).click();
  await expect(other).toHaveURL(/\/admin\/users$/);
  await expect(other.getByRole('heading', { name: 'Users' })).toBeVisible();

  saveAdmin({ ...admin, totpSecret });
  await second.storageState({ path: ADMIN_STATE });
  await second.close();
});
