/**
 * OpenID Connect clients in the admin pages, as an admin in sudo mode: add a Paperless-ngx client
 * to an application from its template, see the secret once (only its SHA-256 is stored) and a
 * setup card whose JSON is this instance's; edit its redirect URIs (a near-miss spelling gets its
 * own field error); replace the secret; revoke its tokens; delete it. Then /admin/oidc shows the
 * issuer and the signing keys and rotates them. Every step is audited without a secret. The
 * steps share one application and client, so they run in order.
 */
import { createHash, randomBytes } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { ADMIN_STATE, mainPortal, sqliteDate, withDb } from '../support/portal';
import { expect, test } from '../support/test';

test.describe.configure({ mode: 'serial' });
test.use({ storageState: ADMIN_STATE });

const t = Date.now().toString(36);
const APP = `Paperless ${t}`;
const ORIGIN = `http://paperless-${t}.localhost:8000`;
const CALLBACK = `${ORIGIN}/accounts/oidc/gatehouse/login/callback/`;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
let appId = '';
let clientId = '';
const secrets: string[] = [];

type ClientRow = { id: string; secretHash: string | null; redirectUris: string; name: string };
const clientRow = () =>
  withDb(
    mainPortal(),
    (db) => db.prepare('SELECT "id", "secretHash", "redirectUris", "name" FROM "OidcClient" WHERE "id" = ?').get(clientId) as ClientRow | undefined,
  );
const auditFor = (targetId: string) =>
  withDb(mainPortal(), (db) => db.prepare('SELECT * FROM "AuditEvent" WHERE "targetId" = ? ORDER BY "id"').all(targetId) as Record<string, unknown>[]);

async function noSeriousAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
}

/** At 390 px, in dark mode: no sideways page scroll, no serious axe violation. */
async function fitsAPhoneInTheDark(page: Page) {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 390, height: 844 });
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  await noSeriousAxeViolations(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
}

/** The secret panel shown once: its values, then "Done" (the page reloads without it). */
async function takeSecret(page: Page): Promise<string> {
  const panel = page.getByTestId('secret-once');
  await expect(panel).toContainText('you will not see it again');
  const secret = (await panel.getByTestId('new-client-secret').innerText()).trim();
  expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  secrets.push(secret);
  return secret;
}

test('add a Paperless-ngx client from its template: the secret once, the card for this instance', async ({ page }) => {
  await page.goto('/admin/applications/new');
  await page.getByLabel('Name', { exact: true }).fill(APP);
  await page.getByLabel('Address(es)').fill(ORIGIN);
  await page.getByLabel('Upstream').fill('http://127.0.0.1:8000');
  await page.getByLabel('Show on the launcher (the home page of the users who may use it)').uncheck();
  await page.getByRole('button', { name: 'Add application' }).click();
  await expect(page).toHaveURL(/\/admin\/applications\/[^/?]+\?saved=1$/);
  appId = new URL(page.url()).pathname.split('/').pop()!;

  const section = page.locator('#oidc');
  await expect(section.getByRole('heading', { name: 'Sign in with OpenID Connect' })).toBeVisible();
  await expect(section).toContainText('No client yet');
  await section.getByRole('link', { name: 'Add a client' }).click();
  await noSeriousAxeViolations(page);
  await page.getByRole('link', { name: /^Paperless-ngx/ }).click();
  await expect(page.getByLabel('Redirect URIs')).toHaveValue(CALLBACK);
  await expect(page.getByLabel('Require PKCE (S256)')).toBeChecked();
  await fitsAPhoneInTheDark(page);
  await page.getByRole('button', { name: 'Add client' }).click();

  const secret = await takeSecret(page);
  clientId = (await page.getByTestId('new-client-id').innerText()).trim();
  expect(clientId).toMatch(/^[0-9a-f]{32}$/);
  const row = clientRow()!;
  expect(row.secretHash).toBe(sha256(secret));
  expect(JSON.stringify(row)).not.toContain(secret);

  const issuer = (await page.getByTestId('card-issuer').innerText()).trim();
  expect(issuer).toBe(mainPortal().url.replace(/\/$/, ''));
  await expect(page.getByTestId('card-discoveryUrl')).toHaveText(`${issuer}/.well-known/openid-configuration`);
  const providers = JSON.parse(await page.getByTestId('snippet-paperless-providers-json').innerText());
  expect(providers).toEqual({
    openid_connect: {
      OAUTH_PKCE_ENABLED: true,
      APPS: [
        {
          provider_id: 'gatehouse',
          name: 'Gatehouse',
          client_id: clientId,
          secret,
          settings: { server_url: issuer, token_auth_method: 'client_secret_basic' },
        },
      ],
    },
  });
  await expect(page.getByTestId('snippet-paperless-env')).toContainText('PAPERLESS_APPS=allauth.socialaccount.providers.openid_connect');
  await noSeriousAxeViolations(page);

  await page.getByRole('button', { name: 'Done: I have copied it' }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/applications/${appId}/oidc/${clientId}$`));
  await expect(page.getByTestId('setup-card')).toContainText('<client secret>');
  // Neither the secret nor its hash is in the page or its hydration payload.
  expect(await page.content()).not.toContain(secret);
  expect(await page.content()).not.toContain(sha256(secret));
  await fitsAPhoneInTheDark(page);
});

test('edit its redirect URIs: a near-miss spelling is refused beside the field, a second address is saved', async ({ page }) => {
  await page.goto(`/admin/applications/${appId}/oidc/${clientId}`);
  const nearMiss = `http://Paperless-${t}.localhost:8000/accounts/oidc/gatehouse/login/callback/`;
  await page.getByLabel('Redirect URIs').fill(`${CALLBACK}\n${nearMiss}`);
  await page.getByRole('button', { name: 'Save client' }).click();
  await expect(page.getByTestId('form-message')).toHaveText('Check the highlighted fields.');
  await expect(page.locator('#field-redirectUris-error')).toContainText('Line 2:');
  await expect(page.locator('#field-redirectUris-error')).toContainText(CALLBACK);
  await expect(page.getByLabel('Redirect URIs')).toHaveValue(`${CALLBACK}\n${nearMiss}`);
  // Every other field comes back as it was, the lifetimes and the ID-token claims included.
  await expect(page.getByLabel('Access token lifetime (s)')).toHaveValue('3600');
  await expect(page.getByLabel('Put the profile, email and groups claims in the ID token too')).toBeChecked();
  await expect(page.getByLabel('How it authenticates at the token endpoint')).toHaveValue('client_secret_basic');
  expect(JSON.parse(clientRow()!.redirectUris)).toEqual([CALLBACK]);

  const second = `https://paperless-${t}.example.com/accounts/oidc/gatehouse/login/callback/`;
  await page.getByLabel('Redirect URIs').fill(`${CALLBACK}\n${second}`);
  await page.getByRole('button', { name: 'Save client' }).click();
  await expect(page).toHaveURL(/\?saved=1$/);
  await expect(page.getByText('Saved. The next sign-in uses these settings.')).toBeVisible();
  expect(JSON.parse(clientRow()!.redirectUris)).toEqual([CALLBACK, second]);
});

test('replace the secret: the new one shown once, the old one gone', async ({ page }) => {
  await page.goto(`/admin/applications/${appId}/oidc/${clientId}`);
  await page.getByRole('button', { name: 'Replace the secret' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Replace it now' }).click();
  const secret = await takeSecret(page);
  expect(secret).not.toBe(secrets[0]);
  expect(clientRow()!.secretHash).toBe(sha256(secret));
  const providers = JSON.parse(await page.getByTestId('secret-once').getByTestId('snippet-paperless-providers-json').innerText());
  expect(providers.openid_connect.APPS[0].secret).toBe(secret);
  await page.getByRole('button', { name: 'Done: I have copied it' }).click();
  await expect(page.getByTestId('setup-card')).toBeVisible();
  expect(await page.content()).not.toContain(secret);
});

test('revoke all its tokens', async ({ page }) => {
  withDb(mainPortal(), (db) => {
    const insert = db.prepare('INSERT INTO "OidcPayload" ("id","model","payload","clientId","grantId","expiresAt","createdAt") VALUES (?,?,?,?,?,?,?)');
    for (const model of ['Grant', 'RefreshToken'])
      insert.run(
        `${model}-${randomBytes(6).toString('hex')}`,
        model,
        '{}',
        clientId,
        `g-${t}`,
        sqliteDate(new Date(Date.now() + 3_600_000)),
        sqliteDate(new Date()),
      );
  });
  await page.goto(`/admin/applications/${appId}/oidc/${clientId}`);
  await page.getByRole('button', { name: 'Revoke all its tokens' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke all tokens' }).click();
  await expect(page.getByText('Revoked 2 grants and tokens: everyone signs in to it again.')).toBeVisible();
  expect(withDb(mainPortal(), (db) => (db.prepare('SELECT COUNT(*) AS n FROM "OidcPayload" WHERE "clientId" = ?').get(clientId) as { n: number }).n)).toBe(0);
});

test('delete it after a confirmation; every step was audited without a secret', async ({ page }) => {
  await page.goto(`/admin/applications/${appId}/oidc/${clientId}`);
  const name = clientRow()!.name;
  await page.getByRole('button', { name: 'Delete client' }).click();
  await page
    .getByRole('alertdialog')
    .getByRole('button', { name: `Delete ${name}` })
    .click();
  await expect(page).toHaveURL(new RegExp(`/admin/applications/${appId}\\?oidcDeleted=1`));
  await expect(page.getByText('The client is deleted, with its tokens.')).toBeVisible();
  expect(clientRow()).toBeUndefined();
  await expect(page.locator('#oidc')).toContainText('No client yet');
  await fitsAPhoneInTheDark(page);

  const events = auditFor(clientId);
  expect(events.map((e) => e.type)).toEqual([
    'oidc.client_created',
    'oidc.client_updated',
    'oidc.client_secret_rotated',
    'oidc.client_tokens_revoked',
    'oidc.client_deleted',
  ]);
  const text = JSON.stringify(events);
  for (const secret of secrets) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(sha256(secret));
  }
});

test('/admin/oidc shows the issuer and the signing keys, and rotates them', async ({ page }) => {
  const keys = () =>
    withDb(
      mainPortal(),
      (db) => db.prepare('SELECT "id", "retiredAt" FROM "OidcSigningKey" ORDER BY "createdAt"').all() as { id: string; retiredAt: string | null }[],
    );
  const before = keys();
  await page.goto('/admin');
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'OpenID Connect' }).click();
  await expect(page).toHaveURL(/\/admin\/oidc$/);
  const issuer = mainPortal().url.replace(/\/$/, '');
  await expect(page.getByTestId('oidc-issuer')).toHaveText(issuer);
  await expect(page.getByTestId('oidc-discovery')).toHaveText(`${issuer}/.well-known/openid-configuration`);

  await page.getByRole('button', { name: 'Rotate signing keys' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Rotate now' }).click();
  await expect(page.getByText(/New signing keys .* sign from now on/)).toBeVisible();
  const after = keys();
  const current = after.filter((k) => k.retiredAt === null);
  expect(current).toHaveLength(2);
  for (const key of current) expect(before.map((k) => k.id)).not.toContain(key.id);
  await page.reload();
  await expect(page.getByTestId('signing-key-row')).toHaveCount(after.length);
  for (const key of current) await expect(page.getByTestId('signing-key-row').filter({ hasText: key.id })).toContainText('current');
  for (const key of before.filter((k) => k.retiredAt === null))
    await expect(page.getByTestId('signing-key-row').filter({ hasText: key.id })).not.toContainText('current');
  await fitsAPhoneInTheDark(page);
});
