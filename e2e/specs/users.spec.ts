/**
 * An admin creates a user; the "choose a password" mail arrives at a real SMTP server process;
 * the person follows the link, picks a password and is signed in.
 */
import { replayAsNonAdmin } from '../support/replay';
import { randomBytes } from 'node:crypto';
import { linkIn, waitForMail } from '../support/mailbox';
import { ADMIN_STATE, createUser, mainPortal, withDb } from '../support/portal';
import { anonymousContext, capturePost, expect, signIn, signOut, test } from '../support/test';

test.describe('as the admin', () => {
  test.use({ storageState: ADMIN_STATE });

  test('create a user who sets a password through the emailed link', async ({ page, browser }) => {
    const suffix = randomBytes(3).toString('hex');
    const username = `anna-${suffix}`;
    const email = `anna.${suffix}@example.test`;
    await page.goto('/admin/users');
    await page.getByRole('link', { name: 'New user' }).click();

    // Hostile and malformed input first: each refused next to its field, nothing created.
    await page.getByLabel('Username').fill('anna smith\u0000');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Display name').fill('Anna \u202eevil');
    await page.getByLabel('Groups (optional)').fill('family, Bad Group!');
    await page.getByRole('button', { name: 'Create user and send link' }).click();
    await expect(page.locator('#field-username-error')).toBeVisible();
    await expect(page.locator('#field-email-error')).toBeVisible();
    await expect(page.locator('#field-displayName-error')).toContainText('control character');
    await expect(page.locator('#field-groups-error')).toBeVisible();

    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Display name').fill(`Anna <b>${suffix}</b>`);
    await page.getByLabel('Groups (optional)').fill('family, paperless');
    await page.getByRole('button', { name: 'Create user and send link' }).click();
    await expect(page.getByTestId('form-message')).toContainText(`Created ${username}. A link to choose a password was emailed to ${email}.`);

    await page.goto(`/admin/users?q=${suffix}`);
    const row = page.getByTestId('user-row').filter({ hasText: username });
    await expect(row).toContainText('no password yet');
    // Markup typed into a name is shown as text, never rendered.
    await expect(row.getByText(`Anna <b>${suffix}</b>`)).toBeVisible();
    await expect(row.getByText('family')).toBeVisible();

    const mail = await waitForMail(email, { subject: /choose a password/ });
    const link = linkIn(mail, '/password/');
    const person = await anonymousContext(browser, mainPortal().url);
    const p = await person.newPage();
    await p.goto(link);
    await expect(p.getByText(`Your username is ${username}`)).toBeVisible();
    await p.getByLabel('New password').fill('short');
    await p.getByLabel('Repeat the password').fill('short');
    await p.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect(p.locator('#field-password-error')).toContainText('at least 12 characters');
    const password = `copper meadow ${suffix} whistle`;
    await p.getByLabel('New password').fill(password);
    await p.getByLabel('Repeat the password').fill(password);
    await p.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect(p.getByText('Your password is set and you are signed in.')).toBeVisible();
    await expect(p.getByTestId('signed-in-as')).toHaveText(`Anna <b>${suffix}</b>`);
    await signOut(p);
    await signIn(p, email, password);
    await expect(p.getByTestId('signed-in-as')).toBeVisible();

    // The link worked once.
    await p.goto(link);
    await expect(p.getByRole('heading', { name: 'This link has already been used' })).toBeVisible();
    await person.close();
  });

  test('an expired password link shows a clear page; the admin sends a new one', async ({ page, browser }) => {
    const user = await createUser(mainPortal(), { prefix: 'expired' });
    await page.goto(`/admin/users?q=${user.username}`);
    const row = page.getByTestId('user-row').filter({ hasText: user.username });
    await row.getByRole('button', { name: /Send password link/ }).click();
    await expect(row.getByRole('status')).toHaveText('Password link sent.');
    const first = linkIn(await waitForMail(user.email), '/password/');
    withDb(mainPortal(), (db) =>
      db.prepare(`UPDATE "OneTimeToken" SET "expiresAt" = ? WHERE "userId" = ? AND "purpose" = 'password_set'`).run('2000-01-01T00:00:00.000+00:00', user.id),
    );
    const person = await anonymousContext(browser, mainPortal().url);
    const p = await person.newPage();
    await p.goto(first);
    await expect(p.getByRole('heading', { name: 'This link has expired' })).toBeVisible();

    const before = (await waitForMail(user.email)).id;
    await row.getByRole('button', { name: /Send password link/ }).click();
    await expect(row.getByRole('status')).toHaveText('Password link sent.');
    const second = linkIn(await waitForMail(user.email, { after: before }), '/password/');
    expect(second).not.toBe(first);
    await p.goto(second);
    await expect(p.getByRole('heading', { name: 'Choose a password' })).toBeVisible();
    await person.close();
  });

  test('the audit log shows sign-ins and filters by user and event', async ({ page }) => {
    const user = await createUser(mainPortal(), { prefix: 'audited' });
    const other = await anonymousContext(page.context().browser()!, mainPortal().url);
    const p = await other.newPage();
    await signIn(p, user.username, 'wrong password here');
    await signIn(p, user.username, user.password);
    await expect(p.getByTestId('signed-in-as')).toBeVisible();
    await other.close();

    await page.goto('/admin/audit');
    await page.getByLabel('User').fill(user.username);
    await page.getByLabel('Event', { exact: true }).selectOption('auth.sign_in');
    await page.getByRole('button', { name: 'Filter' }).click();
    const rows = page.getByTestId('audit-row');
    await expect(rows).toHaveCount(2);
    await expect(rows.first()).toContainText('Sign-in');
    await expect(rows.filter({ hasText: 'failed' })).toHaveCount(1);
    await expect(page.getByText('No event matches these filters.')).toHaveCount(0);
    // Script-like input in a filter is inert.
    await page.goto(`/admin/audit?user=${encodeURIComponent('<script>alert(1)</script>')}`);
    await expect(page.getByText('No event matches these filters.')).toBeVisible();
    await expect(page.getByLabel('User')).toHaveValue('<script>alert(1)</script>');
  });

  test("reset a user's second factors after a confirmation naming them; the user is told", async ({ page }) => {
    const user = await createUser(mainPortal(), { prefix: 'lostphone' });
    withDb(mainPortal(), (db) =>
      db
        .prepare(
          `INSERT INTO "SecondFactor" ("id","userId","kind","name","credentialId","publicKey","counter","backedUp","createdAt") VALUES (?,?,?,?,?,?,?,?,?)`,
        )
        .run(`f${user.id}`, user.id, 'webauthn', 'Old key', `cred-${user.id}`, 'AAAA', 0, 0, new Date().toISOString().replace('Z', '+00:00')),
    );
    await page.goto(`/admin/users?q=${user.username}`);
    const row = page.getByTestId('user-row').filter({ hasText: user.username });
    await expect(row).toContainText('1 second factor');
    await row.getByRole('button', { name: `Reset second factors of ${user.username}` }).click();
    await expect(row.getByRole('alertdialog')).toContainText(`Remove all 1 second factor and the recovery codes of ${user.username}?`);
    await row.getByRole('button', { name: `Reset ${user.username}` }).click();
    await expect(row.getByRole('status')).toContainText('Removed 1 second factor');
    await waitForMail(user.email, { subject: /second factors were reset/ });
    expect(withDb(mainPortal(), (db) => (db.prepare(`SELECT COUNT(*) AS n FROM "SecondFactor" WHERE "userId" = ?`).get(user.id) as { n: number }).n)).toBe(0);
  });

  test('send a test email through SMTP', async ({ page }) => {
    const to = `postmaster-${randomBytes(3).toString('hex')}@example.test`;
    await page.goto('/admin/mail');
    await expect(page.getByTestId('mail-mode')).toContainText('Mail is sent through');
    await page.getByLabel('Send a test email to').fill(to);
    await page.getByRole('button', { name: 'Send test email' }).click();
    await expect(page.getByTestId('form-message')).toContainText(`Sent to ${to}.`);
    const mail = await waitForMail(to, { subject: /test email/ });
    expect(mail.text).toContain('root-admin');
  });
});

test('a non-admin gets "not found" on every admin page and cannot run admin actions', async ({ page }) => {
  const user = await createUser(mainPortal());
  await signIn(page, user.username, user.password);
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  for (const path of ['/admin', '/admin/users', '/admin/users/new', '/admin/audit', '/admin/mail', '/admin/mail/outbox/20260101T000000000Z-abcdef12.eml']) {
    const response = await page.goto(path);
    expect(response!.status(), path).toBe(404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  }
  const html = await page.request.get('/api/admin/outbox/20260101T000000000Z-abcdef12.eml/html');
  expect(html.status()).toBe(404);
});

test('an admin action replayed with a non-admin session is refused and creates nothing', async ({ browser, playwright }) => {
  // Capture what the admin's browser sends for "create user", without letting it through.
  const adminContext = await browser.newContext({ baseURL: mainPortal().url, storageState: ADMIN_STATE });
  const adminPage = await adminContext.newPage();
  const username = `replay-${randomBytes(3).toString('hex')}`;
  await adminPage.goto('/admin/users/new');
  await adminPage.getByLabel('Username').fill(username);
  await adminPage.getByLabel('Email').fill(`${username}@example.test`);
  await adminPage.getByLabel('Display name').fill('Replayed');
  const captured = await capturePost(adminPage, '**/admin/users/new', () => adminPage.getByRole('button', { name: 'Create user and send link' }).click());
  await adminContext.close();

  expect(await replayAsNonAdmin(browser, playwright, '/admin/users/new', captured)).toContain('Only administrators can do this.');
  const created = withDb(mainPortal(), (db) => db.prepare('SELECT COUNT(*) AS n FROM "User" WHERE "username" = ?').get(username) as { n: number });
  expect(created.n).toBe(0);
});
