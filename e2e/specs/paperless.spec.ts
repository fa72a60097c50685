/**
 * Paperless in the browser: an admin connects it (against the fake Paperless, a real HTTP
 * server started here), and a user creates a device token — shown once as text and QR — lists
 * it and revokes it; a one-factor session is told to use its second factor first.
 */
import { createHash } from 'node:crypto';
import { startFakePaperless, type FakePaperless } from '../../test/support/fake-paperless';
import { ADMIN_STATE, createUser, mainPortal, sqliteDate, withDb, type TestUser } from '../support/portal';
import { anonymousContext, expect, signIn, test } from '../support/test';
import type { Browser, Page } from '@playwright/test';

const PUBLIC_URL = 'https://paperless.example.test';
let fake: FakePaperless;
let adminToken: string;
let familyGroupId: number;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  fake = await startFakePaperless({ tokenThrottlePerMinute: 1000 });
  fake.addUser({ username: 'paperless-admin', is_superuser: true, is_staff: true });
  adminToken = fake.setToken('paperless-admin');
  familyGroupId = fake.addGroup({ name: 'family', permissions: ['view_document'] }).id;
});

test.afterAll(async () => {
  await fake?.close();
});

async function adminPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: mainPortal().url, storageState: ADMIN_STATE });
  return context.newPage();
}

async function signedInUser(page: Page, level: 'one_factor' | 'two_factor'): Promise<TestUser> {
  const user = await createUser(mainPortal(), { groups: ['family-e2e'] });
  await signIn(page, user.username, user.password);
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  // The second-factor step itself is covered by mfa.spec; here the session is raised directly.
  if (level === 'two_factor')
    withDb(mainPortal(), (db) =>
      db.prepare(`UPDATE "Session" SET "level" = 'two_factor', "factorProvenAt" = ? WHERE "userId" = ?`).run(sqliteDate(new Date()), user.id),
    );
  return user;
}

test('an admin connects Paperless: a wrong token is reported, the right one shows the version', async ({ browser }) => {
  const page = await adminPage(browser);
  await page.goto('/admin/paperless');
  await expect(page.getByRole('heading', { name: 'Paperless-ngx' })).toBeVisible();
  await page.getByLabel('Address Gatehouse uses').fill(fake.url);
  await page.getByLabel('Public address').fill(PUBLIC_URL);
  await page.getByLabel('Admin API token').fill('0'.repeat(40));
  await page.getByRole('button', { name: 'Save and check' }).click();
  await expect(page.getByTestId('form-message')).toContainText('refused the admin token');

  await page.getByLabel('Admin API token').fill('not a token');
  await page.getByRole('button', { name: 'Save and check' }).click();
  await expect(page.locator('#field-adminToken-error')).toContainText('40 characters');

  await page.getByLabel('Admin API token').fill(adminToken);
  await page.getByRole('button', { name: 'Save and check' }).click();
  await expect(page.getByTestId('form-message')).toContainText('Paperless 3.0.5 answers');
  await page.reload();
  await expect(page.getByTestId('paperless-status')).toContainText('connected');
  await expect(page.getByTestId('paperless-status')).toContainText('paperless-admin');
  // The token is stored sealed, never as typed.
  const stored = withDb(mainPortal(), (db) => db.prepare(`SELECT "adminToken" FROM "PaperlessConnection"`).get() as { adminToken: string });
  expect(stored.adminToken).toMatch(/^v1\./);
  expect(stored.adminToken).not.toContain(adminToken);

  // Map a Gatehouse group: the family group lacks view_uisettings and view_user, which is said.
  await createUser(mainPortal(), { groups: ['family-e2e'] });
  await page.reload();
  const row = page.getByTestId('group-mapping').filter({ hasText: 'family-e2e' });
  await row.getByRole('combobox').selectOption({ label: 'family' });
  await row.getByRole('button', { name: /Save/ }).click();
  await expect(row.getByRole('status')).toContainText('lacks view_uisettings');
  // The saved choice stays selected after "Saved." (it snapped back to "Not mapped") and after a reload.
  await expect(row.getByRole('status')).toContainText('Saved.');
  await expect(row.getByRole('combobox')).toHaveValue(String(familyGroupId));
  await page.reload();
  await expect(row.getByRole('combobox')).toHaveValue(String(familyGroupId));
  await row.getByRole('combobox').selectOption({ label: 'Not mapped' });
  await row.getByRole('button', { name: /Save/ }).click();
  await expect(row.getByRole('status')).toContainText('Not mapped any more.');
  await expect(row.getByRole('combobox')).toHaveValue('');
  await row.getByRole('combobox').selectOption({ label: 'family' });
  await row.getByRole('button', { name: /Save/ }).click();
  await expect(row.getByRole('status')).toContainText('Saved.');
  await expect(row.getByRole('combobox')).toHaveValue(String(familyGroupId));
  await page.context().close();
});

test('a one-factor session is asked for its second factor before creating a token', async ({ page }) => {
  await signedInUser(page, 'one_factor');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tokens' }).click();
  await expect(page.getByText('Confirm it is you with your second factor')).toBeVisible();
  await expect(page.getByLabel('Device name')).toHaveCount(0);
  await expect(page.getByText('No device tokens yet.')).toBeVisible();
});

test('a user creates a device token, sees it once with its QR code, lists it and revokes it', async ({ page, browser }) => {
  const user = await signedInUser(page, 'two_factor');
  await page.goto('/tokens');
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.locator('#field-label-error')).toContainText('Name the device');

  await page.getByLabel('Device name').fill("Anna's iPhone — Paperparrot");
  await page.getByLabel('Expires').selectOption({ label: 'In 90 days' });
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByTestId('new-token')).toBeVisible({ timeout: 20_000 });
  const token = (await page.getByTestId('token-value').innerText()).trim();
  expect(token).toMatch(/^[0-9a-f]{40}$/);
  await expect(page.getByTestId('token-server')).toHaveText(PUBLIC_URL);
  await expect(page.getByTestId('token-qr')).toBeVisible();
  expect(await page.getByTestId('token-qr').getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);

  // Behind it: the Paperless account was provisioned and its real token obtained (never shown).
  expect(fake.user(user.username)).toBeDefined();
  const real = fake.tokenOf(user.username)!;
  expect(real).toMatch(/^[0-9a-f]{40}$/);
  expect(await page.content()).not.toContain(real);
  const stored = withDb(
    mainPortal(),
    (db) =>
      db.prepare(`SELECT "tokenHash", "label", "expiresAt" FROM "DeviceToken" WHERE "userId" = ?`).all(user.id) as {
        tokenHash: string;
        label: string;
        expiresAt: string;
      }[],
  );
  expect(stored).toHaveLength(1);
  expect(stored[0]!.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));

  // Shown once: after "Done" the page lists the device but never the token again.
  await page.getByRole('button', { name: 'Done: I have copied it' }).click();
  await expect(page.getByLabel('Device name')).toBeVisible();
  await expect(page.getByTestId('new-token')).toHaveCount(0);
  expect(await page.content()).not.toContain(token);
  const row = page.getByTestId('token-row').filter({ hasText: "Anna's iPhone — Paperparrot" });
  await expect(row).toContainText('active');

  // The admin sees it in everyone's list.
  const admin = await adminPage(browser);
  await admin.goto('/admin/paperless');
  await expect(admin.getByTestId('token-row').filter({ hasText: user.username })).toContainText("Anna's iPhone — Paperparrot");
  await admin.context().close();

  // Revoke, after a confirmation that names the device; Escape-free keyboard use: Cancel has focus.
  await row.getByRole('button', { name: /Revoke/ }).click();
  const dialog = page.getByRole('alertdialog', { name: "Revoke Anna's iPhone — Paperparrot?" });
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await dialog.getByRole('button', { name: "Revoke Anna's iPhone — Paperparrot" }).click();
  await expect(page.getByRole('status').filter({ hasText: 'is revoked' })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('token-row').filter({ hasText: "Anna's iPhone — Paperparrot" })).toContainText('revoked');
  const revoked = withDb(
    mainPortal(),
    (db) => db.prepare(`SELECT "revokedAt" FROM "DeviceToken" WHERE "userId" = ?`).get(user.id) as { revokedAt: string | null },
  );
  expect(revoked.revokedAt).not.toBeNull();
});

test('a new device token expires in 90 days unless the user chooses otherwise, and the list says when', async ({ page }) => {
  const user = await signedInUser(page, 'two_factor');
  await page.goto('/tokens');
  const expires = page.getByLabel('Expires');
  await expect(expires.locator('option:checked')).toHaveText('In 90 days');
  await expect(expires.locator('option', { hasText: 'Never (works until you revoke it)' })).toHaveCount(1);

  await page.getByLabel('Device name').fill('Kitchen tablet');
  const before = Date.now();
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByTestId('new-token')).toBeVisible({ timeout: 20_000 });
  const stored = withDb(
    mainPortal(),
    (db) => db.prepare(`SELECT "expiresAt" FROM "DeviceToken" WHERE "userId" = ?`).get(user.id) as { expiresAt: string | number | null },
  );
  expect(stored.expiresAt).not.toBeNull();
  const expiresAt = new Date(typeof stored.expiresAt === 'number' ? stored.expiresAt : String(stored.expiresAt));
  const days = (expiresAt.getTime() - before) / 86_400_000;
  expect(days).toBeGreaterThan(89.99);
  expect(days).toBeLessThan(90.01);
  const day = expiresAt.toISOString().slice(0, 10);
  await expect(page.getByTestId('new-token')).toContainText(day);

  await page.getByRole('button', { name: 'Done: I have copied it' }).click();
  await expect(page.getByTestId('token-row').filter({ hasText: 'Kitchen tablet' })).toContainText(day);
});

test('a user whose Paperless account has its own TOTP gets a clear message and no token', async ({ page }) => {
  const user = await signedInUser(page, 'two_factor');
  fake.addUser({ username: user.username, mfa: true });
  await page.goto('/tokens');
  await page.getByLabel('Device name').fill('Work phone');
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByTestId('form-message')).toContainText("Paperless's own two-factor authentication turned on");
  await expect(page.getByLabel('Device name')).toHaveValue('Work phone');
  expect(withDb(mainPortal(), (db) => (db.prepare(`SELECT COUNT(*) AS n FROM "DeviceToken" WHERE "userId" = ?`).get(user.id) as { n: number }).n)).toBe(0);
});

test('a signed-out visitor of /tokens is sent to sign in', async ({ browser }) => {
  const context = await anonymousContext(browser, mainPortal().url);
  const page = await context.newPage();
  await page.goto('/tokens');
  await expect(page).toHaveURL(/\/sign-in/);
  await context.close();
});
