/**
 * Second factors in the browser: the email-link gate, an authenticator app (codes computed
 * here from the key the page shows), recovery codes, the lock after wrong codes, a passkey in a
 * CDP virtual authenticator, and the 2FA manager.
 */
import { linkIn, waitForMail } from '../support/mailbox';
import { ADMIN_STATE, createUser, mainPortal, withDb, type TestUser } from '../support/portal';
import { anonymousContext, expect, signIn, signOut, test } from '../support/test';
import { addVirtualAuthenticator } from '../support/webauthn';
import { totpCodeAt, totpStep, TOTP_SETTINGS } from '../../lib/mfa/totp';
import type { Page } from '@playwright/test';

/** What the portal stored about the user's one WebAuthn credential being discoverable (SQLite: 1, 0 or null). */
const storedDiscoverable = (userId: string) =>
  withDb(
    mainPortal(),
    (db) =>
      (db.prepare(`SELECT "discoverable" FROM "SecondFactor" WHERE "userId" = ? AND "kind" = 'webauthn'`).get(userId) as { discoverable: number | null })
        .discoverable,
  );

async function signedIn(page: Page, user: TestUser) {
  await signIn(page, user.username, user.password);
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
}

/** Asks for a device link on the Security page and opens it (same browser). */
async function openDeviceLink(page: Page, user: TestUser, button: string, subject: RegExp) {
  await page.goto('/security');
  const after = Date.now();
  await page.getByRole('button', { name: button }).click();
  await expect(page.getByText(`We emailed a link to ${user.email}`)).toBeVisible();
  const mail = await waitForMail(user.email, { subject });
  expect(Date.parse(mail.receivedAt)).toBeGreaterThanOrEqual(after - 1000);
  await page.goto(linkIn(mail, '/device/'));
}

async function addAuthenticatorApp(page: Page, user: TestUser): Promise<{ secret: string; codes: string[]; enrolledAt: number }> {
  await openDeviceLink(page, user, 'Add an authenticator app', /add an authenticator app/);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/security\/add\/totp\?grant=/);
  await expect(page.getByTestId('totp-qr')).toBeVisible();
  const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
  expect(await page.getByTestId('totp-uri').textContent()).toContain(`otpauth://totp/`);
  await page.getByLabel('Code from the app').fill('000000');
  await page.getByRole('button', { name: 'Add the app' }).click();
  await expect(page.locator('#field-code-error')).toContainText('not right');
  // Said once: beside the highlighted field, the banner only points at it.
  await expect(page.getByTestId('form-message')).toHaveText('Check the highlighted fields.');
  await expect(page.getByLabel('Code from the app')).toHaveAttribute('aria-invalid', 'true');
  const enrolledAt = Date.now();
  await page.getByLabel('Code from the app').fill(totpCodeAt(secret, enrolledAt));
  await page.getByRole('button', { name: 'Add the app' }).click();
  await expect(page.getByTestId('recovery-code')).toHaveCount(10);
  // Once the code is confirmed, the QR code and the key leave the page, not just the view.
  await expect(page.getByTestId('totp-added')).toContainText('The authenticator app is added.');
  await expect(page.getByTestId('totp-qr')).toHaveCount(0);
  await expect(page.getByTestId('totp-secret')).toHaveCount(0);
  await expect(page.getByTestId('totp-uri')).toHaveCount(0);
  await expect(page.locator('img[src^="data:"]')).toHaveCount(0);
  expect((await page.locator('body').innerText()).replace(/\s/g, '')).not.toContain(secret);
  const codes = await page.getByTestId('recovery-code').allInnerTexts();
  return { secret, codes, enrolledAt };
}

test('add an authenticator app through the emailed link; sign-in then asks for a code, once per code', async ({ page }) => {
  const user = await createUser(mainPortal());
  await signedIn(page, user);
  const { secret, codes, enrolledAt } = await addAuthenticatorApp(page, user);
  expect(new Set(codes).size).toBe(10);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download as a text file' }).click();
  expect((await download).suggestedFilename()).toMatch(/recovery-codes\.txt$/);
  await page.getByRole('link', { name: 'I have saved them: continue' }).click();
  await expect(page.getByText('The second factor is added.')).toBeVisible();
  await expect(page.getByTestId('factor-row')).toContainText('Authenticator app');
  await expect(page.getByTestId('recovery-count')).toHaveText('10 of 10 unused');
  await waitForMail(user.email, { subject: /second factor was added/ });

  await signOut(page);
  await signIn(page, user.username, user.password);
  await expect(page).toHaveURL(/\/sign-in\/second-factor/);
  // The very code used to add the app (still inside the ±1 step window) is refused: each code
  // works once. The next code must belong to a later step that is still inside the window, so
  // the test does not depend on where the 30-second boundaries fall.
  await page.getByLabel('Code from your authenticator app').fill(totpCodeAt(secret, enrolledAt));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.locator('#totp-code-error')).toContainText('already used');
  await expect(page.getByTestId('form-message')).toHaveText('Check the highlighted fields.');
  const periodMs = TOTP_SETTINGS.period * 1000;
  const nextStep = Math.max(totpStep(enrolledAt) + 1, totpStep(Date.now()));
  await page.getByLabel('Code from your authenticator app').fill(totpCodeAt(secret, nextStep * periodMs));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByText('two factors')).toBeVisible();
});

test('a recovery code signs in once and the user is told by email', async ({ page }) => {
  const user = await createUser(mainPortal());
  await signedIn(page, user);
  const { codes } = await addAuthenticatorApp(page, user);
  await signOut(page);
  await signIn(page, user.username, user.password);
  await page.getByText('Use a recovery code instead').click();
  await page.getByLabel('Recovery code').fill(codes[3]!.toUpperCase());
  await page.getByRole('button', { name: 'Use the recovery code' }).click();
  await expect(page.getByText('two factors')).toBeVisible();
  await waitForMail(user.email, { subject: /recovery code was used/ });
  await signOut(page);
  await signIn(page, user.username, user.password);
  await page.getByText('Use a recovery code instead').click();
  await page.getByLabel('Recovery code').fill(codes[3]!);
  await page.getByRole('button', { name: 'Use the recovery code' }).click();
  await expect(page.locator('#recovery-code-error')).toContainText('used already');
  await expect(page.getByTestId('form-message')).toHaveText('Check the highlighted fields.');
});

test('five wrong codes lock the second-factor step, with a clear message', async ({ page }) => {
  // Its own client address (the portal trusts loopback proxies): the five failures ban the
  // address as well as the user (lib/regulation), which must not refuse other specs' sign-ins.
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': '192.0.2.201' });
  const user = await createUser(mainPortal());
  await signedIn(page, user);
  await addAuthenticatorApp(page, user);
  await signOut(page);
  await signIn(page, user.username, user.password);
  for (let i = 0; i < 4; i++) {
    await page.getByLabel('Code from your authenticator app').fill('000000');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.locator('#totp-code-error')).toContainText('not right');
  }
  await page.getByLabel('Code from your authenticator app').fill('000000');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByTestId('form-message')).toContainText('Too many failed attempts. Try again in 10 minutes.');
  await page.reload();
  await expect(page.getByTestId('lock-message')).toContainText('Try again in');
  await expect(page.getByLabel('Code from your authenticator app')).toHaveCount(0);
  const locks = withDb(
    mainPortal(),
    (db) => db.prepare(`SELECT COUNT(*) AS n FROM "CredentialLock" WHERE "subject" = ?`).get(`user:${user.id}`) as { n: number },
  );
  expect(locks.n).toBe(1);
});

test('a device link opened in another browser, used twice, or expired says so and changes nothing', async ({ page, browser }) => {
  const user = await createUser(mainPortal());
  await signedIn(page, user);
  await page.goto('/security');
  await page.getByRole('button', { name: 'Add an authenticator app' }).click();
  const link = linkIn(await waitForMail(user.email, { subject: /add an authenticator app/ }), '/device/');

  const other = await anonymousContext(browser, mainPortal().url);
  const otherPage = await other.newPage();
  await signedIn(otherPage, user);
  await otherPage.goto(link);
  await expect(otherPage.getByRole('heading', { name: 'Open this link in the browser where you asked for it' })).toBeVisible();
  await other.close();

  await page.goto(link);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/security\/add\/totp/);
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'This link has already been used' })).toBeVisible();

  await page.goto('/security');
  await page.getByRole('button', { name: 'Add a security key or passkey' }).click();
  const late = linkIn(await waitForMail(user.email, { subject: /security key or passkey/ }), '/device/');
  withDb(mainPortal(), (db) =>
    db
      .prepare(`UPDATE "OneTimeToken" SET "expiresAt" = ? WHERE "userId" = ? AND "purpose" = 'device_link' AND "usedAt" IS NULL`)
      .run('2000-01-01T00:00:00.000+00:00', user.id),
  );
  await page.goto(late);
  await expect(page.getByRole('heading', { name: 'This link has expired' })).toBeVisible();
  expect(withDb(mainPortal(), (db) => (db.prepare(`SELECT COUNT(*) AS n FROM "SecondFactor" WHERE "userId" = ?`).get(user.id) as { n: number }).n)).toBe(0);
});

test('register a passkey, sign out, and sign in with it alone (two factors at once)', async ({ page, browser }) => {
  const user = await createUser(mainPortal());
  const authenticator = await addVirtualAuthenticator(page);
  await signedIn(page, user);
  await openDeviceLink(page, user, 'Add a security key or passkey', /security key or passkey/);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/security\/add\/webauthn\?grant=/);
  await page.getByLabel('Name').fill('Laptop passkey');
  await page.getByRole('button', { name: 'Register the security key or passkey' }).click();
  await expect(page.getByTestId('recovery-code')).toHaveCount(10);
  expect(await authenticator.credentials()).toHaveLength(1);
  await page.getByRole('link', { name: 'I have saved them: continue' }).click();
  await expect(page.getByTestId('factor-row')).toContainText('Laptop passkey');
  // A discoverable credential is a passkey, even bound to its device (not synced), on the
  // Security page and on the admin's page of the user.
  await expect(page.getByTestId('factor-row').getByText('Passkey', { exact: true })).toBeVisible();
  await expect(page.getByTestId('factor-row')).not.toContainText('Security key');
  expect(storedDiscoverable(user.id)).toBe(1);
  const admin = await browser.newContext({ storageState: ADMIN_STATE });
  const adminPage = await admin.newPage();
  await adminPage.goto(`/admin/users/${user.id}`);
  await expect(adminPage.getByTestId('user-factors')).toContainText('Laptop passkey (Passkey,');
  await admin.close();

  await signOut(page);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText(user.displayName);
  await expect(page.getByText('two factors')).toBeVisible();

  // The same key also serves as the second step after a password.
  await signOut(page);
  await signIn(page, user.username, user.password);
  await page.getByRole('button', { name: 'Use your security key or passkey' }).click();
  await expect(page.getByText('two factors')).toBeVisible();
});

test('a key that holds no credential of its own (not discoverable, not synced) is labelled a security key', async ({ page }) => {
  const user = await createUser(mainPortal());
  await addVirtualAuthenticator(page, { residentKeys: false });
  await signedIn(page, user);
  await openDeviceLink(page, user, 'Add a security key or passkey', /security key or passkey/);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Name').fill('Blue key');
  await page.getByRole('button', { name: 'Register the security key or passkey' }).click();
  await expect(page.getByTestId('recovery-code')).toHaveCount(10);
  await page.getByRole('link', { name: 'I have saved them: continue' }).click();
  await expect(page.getByTestId('factor-row')).toContainText('Blue key');
  await expect(page.getByTestId('factor-row').getByText('Security key', { exact: true })).toBeVisible();
  expect(storedDiscoverable(user.id)).toBe(0);
});

test('rename and remove a factor (removal through the emailed link)', async ({ page }) => {
  const user = await createUser(mainPortal());
  await signedIn(page, user);
  await addAuthenticatorApp(page, user);
  await page.getByRole('link', { name: 'I have saved them: continue' }).click();
  await page.getByRole('button', { name: 'Rename Authenticator app' }).click();
  await page.getByLabel('New name').fill('Work phone <b>');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByTestId('factor-row')).toContainText('Work phone <b>');

  await page.getByRole('button', { name: 'Remove Work phone <b>' }).click();
  await expect(page.getByRole('alertdialog')).toContainText('Remove Work phone <b>?');
  await page.getByRole('button', { name: 'Email me a link to remove Work phone <b>' }).click();
  await expect(page.getByText(`We emailed a link to ${user.email}`)).toBeVisible();
  // Nothing is removed until the link is used.
  await page.reload();
  await expect(page.getByTestId('factor-row')).toHaveCount(1);
  await page.goto(linkIn(await waitForMail(user.email, { subject: /remove a second factor/ }), '/device/'));
  await expect(page.getByText('“Work phone <b>”')).toBeVisible();
  await page.getByRole('button', { name: 'Remove it' }).click();
  await expect(page.getByText('“Work phone <b>” is removed.')).toBeVisible();
  await expect(page.getByTestId('factor-row')).toHaveCount(0);
  await waitForMail(user.email, { subject: /second factor was removed/ });
});
