/**
 * The portal's own door, tried as the issue tried it: an admin who has a second factor and signs
 * in with the password only reaches nothing in admin (and cannot add a factor to lift the
 * session); an admin without a factor is led to add one first; a dangerous action with a stale
 * proof asks again in place and sends what was typed; a download behind sudo mode goes through
 * the re-prove page and back; new recovery codes are shown once, in the browser that asked.
 */
import type { APIRequestContext, Browser, BrowserContext, Page } from '@playwright/test';
import { SECOND_FACTOR_MESSAGE, ENROLL_MESSAGE, SUDO_MESSAGE } from '../../lib/actions/refusals';
import { builtAction, callFormAction } from '../support/build';
import { linkIn, waitForMail } from '../support/mailbox';
import { createUser, mainPortal, setFactorProof, withDb, type TestUser } from '../support/portal';
import { anonymousContext, expect, freshTotpCode, passSecondFactor, signIn, signInWithFactor, test } from '../support/test';

const portal = () => mainPortal();
const NO_COOKIES = { cookies: [], origins: [] };
const SUDO_TTL_MS = 10 * 60_000;

// Each test signs in more than once and follows an emailed link: more than the default 45 s on a busy machine.
test.describe.configure({ timeout: 120_000 });

async function cookieOf(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === 'gatehouse_session');
  expect(cookie, 'the sign-in set the session cookie').toBeDefined();
  return `gatehouse_session=${cookie!.value}`;
}

async function apiAs(playwright: { request: { newContext: (o: object) => Promise<APIRequestContext> } }, cookie: string) {
  return playwright.request.newContext({ baseURL: portal().url, extraHTTPHeaders: { cookie }, storageState: NO_COOKIES });
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const stepFor = (path: string) => new RegExp(`/sign-in/second-factor\\?rd=${escapeRegex(encodeURIComponent(path))}$`);
const setting = (key: string) =>
  withDb(portal(), (db) => (db.prepare('SELECT "value" FROM "Setting" WHERE "key" = ?').get(key) as { value: string } | undefined)?.value ?? null);
const groupsOf = (userId: string) =>
  withDb(portal(), (db) =>
    (
      db.prepare('SELECT g."name" FROM "UserGroup" ug JOIN "Group" g ON g."id" = ug."groupId" WHERE ug."userId" = ? ORDER BY g."name"').all(userId) as {
        name: string;
      }[]
    ).map((r) => r.name),
  );

async function signedInPage(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await anonymousContext(browser, portal().url, options);
  return { context, page: await context.newPage() };
}

/** Adds an authenticator app through the emailed link, from the Security page's button. */
async function addAuthenticatorApp(page: Page, user: TestUser): Promise<string> {
  await page.getByRole('button', { name: 'Add an authenticator app' }).click();
  await expect(page.getByText(`We emailed a link to ${user.email}`)).toBeVisible();
  await page.goto(linkIn(await waitForMail(user.email, { subject: /add an authenticator app/ }), '/device/'));
  await page.getByRole('button', { name: 'Continue' }).click();
  const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
  await page.getByLabel('Code from the app').fill(await freshTotpCode(secret));
  await page.getByRole('button', { name: 'Add the app' }).click();
  await expect(page.getByTestId('recovery-code')).toHaveCount(10);
  await page.getByRole('link', { name: 'I have saved them: continue' }).click();
  return secret;
}

test('an admin with a second factor, signed in with the password only, reaches no admin page, route or action, and cannot add a factor to lift the session', async ({
  browser,
  playwright,
}) => {
  const admin = await createUser(portal(), { groups: ['admins'], factor: true, prefix: 'pwonly' });
  const { context, page } = await signedInPage(browser);
  await signIn(page, admin.username, admin.password);
  await expect(page).toHaveURL(/\/sign-in\/second-factor/);
  // "Go to your dashboard" stays, and the dashboard shows what a password alone may do.
  await page.getByRole('link', { name: 'Go to your dashboard' }).click();
  await expect(page.getByTestId('confirm-second-factor')).toContainText('nor open the admin pages');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Security' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Admin' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Tokens' })).toHaveCount(0);
  await expect(page.getByText('password only', { exact: true })).toBeVisible();

  for (const path of ['/admin', '/admin/users', '/admin/mail', '/admin/rules/new', '/tokens', '/security/add/totp?grant=x']) {
    await page.goto(path);
    await expect(page, `${path} sends to the second-factor step`).toHaveURL(stepFor(path));
  }
  await page.goto('/security');
  await expect(page.getByRole('button', { name: 'Add an authenticator app' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /End session|Sign out everywhere/ })).toHaveCount(0);
  await expect(page.getByTestId('confirm-first').first()).toContainText('Confirm your second factor to add, rename or remove second factors');

  // The request a script would send instead: refused before anything happens.
  const api = await apiAs(playwright, await cookieOf(context));
  try {
    const asked = await callFormAction(api, '/security', builtAction('requestFactorLinkAction', 'app/(dashboard)/security/factor-actions.ts'), portal().url, {
      change: 'add_totp',
    });
    expect(await asked.text()).toContain(SECOND_FACTOR_MESSAGE);
    const links = withDb(
      portal(),
      (db) => (db.prepare(`SELECT COUNT(*) AS n FROM "OneTimeToken" WHERE "userId" = ? AND "purpose" = 'device_link'`).get(admin.id) as { n: number }).n,
    );
    expect(links, 'no link to add a factor was issued').toBe(0);
    const before = setting('access.require_two_factor');
    const changed = await callFormAction(
      api,
      '/admin/rules',
      builtAction('setRequireTwoFactorAction', 'app/(dashboard)/admin/rules/actions.ts'),
      portal().url,
      { required: 'on' },
    );
    expect(await changed.text()).toContain(SECOND_FACTOR_MESSAGE);
    expect(setting('access.require_two_factor')).toBe(before);
    const exported = await api.get('/api/admin/audit/export?format=csv', { maxRedirects: 0 });
    expect(exported.status()).toBe(303);
    expect(exported.headers().location).toMatch(stepFor('/api/admin/audit/export?format=csv'));
  } finally {
    await api.dispose();
  }

  // Confirming the factor opens the admin pages where it was asked for.
  await page.goto('/');
  await page.getByRole('link', { name: 'Confirm your second factor to open the admin pages →' }).click();
  await passSecondFactor(page, admin.totpSecret);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await context.close();
});

test('an admin without a second factor is led to add one before any admin page, and adding it ends their other password-only session', async ({
  browser,
  playwright,
}) => {
  const admin = await createUser(portal(), { groups: ['admins'], prefix: 'enrol-admin' });
  const { context, page } = await signedInPage(browser);
  const other = await signedInPage(browser);
  await signIn(page, admin.username, admin.password);
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  await signIn(other.page, admin.username, admin.password);
  await expect(other.page.getByTestId('signed-in-as')).toBeVisible();

  await page.goto('/admin/rules');
  await expect(page).toHaveURL(/\/security\?required=admin&rd=%2Fadmin%2Frules$/);
  await expect(page.getByTestId('admin-enrol-required')).toContainText('Administrators must use a second factor');
  // Nothing else in admin either: not an action, not a download.
  const api = await apiAs(playwright, await cookieOf(context));
  try {
    const changed = await callFormAction(
      api,
      '/admin/rules',
      builtAction('setRequireTwoFactorAction', 'app/(dashboard)/admin/rules/actions.ts'),
      portal().url,
      { required: 'on' },
    );
    expect(await changed.text()).toContain(ENROLL_MESSAGE);
    const exported = await api.get('/api/admin/rules/export', { maxRedirects: 0 });
    expect(exported.status()).toBe(303);
    expect(exported.headers().location).toMatch(/\/security\?required=admin&rd=%2Fapi%2Fadmin%2Frules%2Fexport$/);
  } finally {
    await api.dispose();
  }

  await addAuthenticatorApp(page, admin);
  await expect(page).toHaveURL(/\/admin\/rules$/);
  await expect(page.getByRole('heading', { name: 'Access rules' })).toBeVisible();
  // The first factor made this session two-factor and ended the other one (made with the password alone).
  await other.page.goto('/security');
  await expect(other.page).toHaveURL(/\/sign-in/);
  const reasons = withDb(
    portal(),
    (db) => db.prepare(`SELECT "revokedReason" AS r FROM "Session" WHERE "userId" = ? ORDER BY "createdAt"`).all(admin.id) as { r: string | null }[],
  );
  expect(reasons.map((x) => x.r)).toEqual([null, 'first_factor']);
  await context.close();
  await other.context.close();
});

test('a sudo action with a stale proof asks again in place (phone width, dark, keyboard only) and sends exactly what was typed', async ({ browser }) => {
  const admin = await createUser(portal(), { groups: ['admins'], factor: true, prefix: 'sudo' });
  const target = await createUser(portal(), { groups: ['family'], prefix: 'target' });
  const { context, page } = await signedInPage(browser, { viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
  await signInWithFactor(page, admin);
  expect(setFactorProof(portal(), admin.id, new Date(Date.now() - SUDO_TTL_MS - 60_000))).toBe(1);

  await page.goto(`/admin/users/${target.id}`);
  const form = page.getByRole('form', { name: `Groups of ${target.username}` });
  const groups = form.getByLabel('Groups');
  await groups.fill('family, admins');
  await form.getByRole('button', { name: 'Save groups' }).click();
  const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(SUDO_MESSAGE);
  // The form keeps what was typed while the dialog is open, and nothing is saved yet.
  await expect(groups).toHaveValue('family, admins');
  expect(groupsOf(target.id)).toEqual(['family']);
  const box = (await dialog.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);

  // Escape cancels: the refusal stays on the form, with the input.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(form.getByTestId('form-message')).toContainText(SUDO_MESSAGE);
  await expect(groups).toHaveValue('family, admins');
  expect(groupsOf(target.id)).toEqual(['family']);

  // Again, with the keyboard only: a wrong code is refused in the dialog, the right one sends the form.
  await groups.focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  const code = dialog.getByLabel('Code from your authenticator app');
  await expect(code).toBeFocused();
  await page.keyboard.type('000000');
  await page.keyboard.press('Enter');
  await expect(dialog.getByText(/not right/)).toBeVisible();
  await code.fill(await freshTotpCode(admin.totpSecret));
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(form.getByTestId('form-message')).toContainText(`Saved the groups of ${target.username}: admins, family.`);
  expect(groupsOf(target.id)).toEqual(['admins', 'family']);
  const proofs = withDb(portal(), (db) =>
    db.prepare(`SELECT "outcome", "data" FROM "AuditEvent" WHERE "type" = 'auth.reauthenticated' AND "actorId" = ?`).all(admin.id),
  );
  expect(proofs).toEqual([{ outcome: 'success', data: JSON.stringify({ method: 'totp' }) }]);

  // Proven just now: the next dangerous change needs no new proof.
  await page.reload();
  await form.getByLabel('Groups').fill('family');
  await form.getByRole('button', { name: 'Save groups' }).click();
  await expect(form.getByTestId('form-message')).toContainText(`Saved the groups of ${target.username}: family.`);
  await expect(dialog).toBeHidden();
  expect(groupsOf(target.id)).toEqual(['family']);
  await context.close();
});

test('a download behind sudo mode goes through the re-prove page and starts from there', async ({ browser }) => {
  const admin = await createUser(portal(), { groups: ['admins'], factor: true, prefix: 'export' });
  const { context, page } = await signedInPage(browser);
  await signInWithFactor(page, admin);
  setFactorProof(portal(), admin.id, new Date(Date.now() - SUDO_TTL_MS - 60_000));
  await page.goto('/admin/audit');
  await page.goto('/api/admin/audit/export?format=jsonl&type=auth.sign_in');
  await expect(page).toHaveURL(/\/reauth\?rd=%2Fapi%2Fadmin%2Faudit%2Fexport%3Fformat%3Djsonl%26type%3Dauth.sign_in$/);
  await expect(page.getByRole('heading', { name: 'Confirm it is you' })).toBeVisible();
  await page.getByLabel('Code from your authenticator app').fill(await freshTotpCode(admin.totpSecret));
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Confirm' }).click();
  expect((await download).suggestedFilename()).toMatch(/\.jsonl$/);
  await expect(page.getByTestId('reprove-done')).toBeVisible();
  await context.close();
});

test('new recovery codes are shown once, in the browser that asked, and replace the old ones', async ({ browser }) => {
  const user = await createUser(portal(), { factor: true, prefix: 'codes' });
  const { context, page } = await signedInPage(browser);
  await signInWithFactor(page, user);
  await page.goto('/security');
  await page.getByRole('button', { name: 'Get new recovery codes' }).click();
  await expect(page.getByText(`We emailed a link to ${user.email}`)).toBeVisible();
  const link = linkIn(await waitForMail(user.email, { subject: /recovery codes/ }), '/device/');
  await page.goto(link);
  await page.getByRole('button', { name: 'Make new codes' }).click();
  await expect(page.getByTestId('form-message')).toContainText('Your new recovery codes are below');
  await expect(page.getByTestId('recovery-code')).toHaveCount(10);
  await expect(page.getByTestId('device-link-problem')).toHaveCount(0);
  const codes = await page.getByTestId('recovery-code').allInnerTexts();
  expect(new Set(codes).size).toBe(10);
  // Once: the link is used, and reloading shows no codes.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'This link has already been used' })).toBeVisible();
  await expect(page.getByTestId('recovery-code')).toHaveCount(0);
  // They work: a new sign-in passes the step with one.
  const again = await signedInPage(browser);
  await signIn(again.page, user.username, user.password);
  await again.page.getByText('Use a recovery code instead').click();
  await again.page.getByLabel('Recovery code').fill(codes[4]!);
  await again.page.getByRole('button', { name: 'Use the recovery code' }).click();
  await expect(again.page.getByText('two factors')).toBeVisible();
  await again.context.close();
  await context.close();
});
