/**
 * What a user sees of Gatehouse as an OpenID Connect provider: the consent screen of a sign-in
 * (seeded as oidc-provider stores it: an Interaction row for the signed-in user) with the app,
 * what it may read, the account and a plain form to the provider's interaction endpoint; the
 * states for an expired, unknown or another account's request; and "Apps with access" on the
 * Security page, where revoking removes the app with its grants and tokens.
 */
import type { Page } from '@playwright/test';
import { createUser, mainPortal, withDb, type TestUser } from '../support/portal';
import { describeFindings, seriousViolations } from '../support/axe';
import { newUid, payloadModels, removeOidcClient, seedConsentWithGrant, seedInteraction, seedOidcClient, type SeededClient } from '../support/oidc-seed';
import { anonymousContext, expect, signIn, test } from '../support/test';

async function noSeriousAxeViolations(page: Page): Promise<void> {
  const findings = await seriousViolations(page);
  expect(findings, describeFindings(findings)).toEqual([]);
}

const INVALID = 'This sign-in request has expired or is not valid';
const clients: SeededClient[] = [];
const client = (options: Parameters<typeof seedOidcClient>[1] = {}) => {
  const seeded = seedOidcClient(mainPortal(), options);
  clients.push(seeded);
  return seeded;
};

test.afterAll(() => {
  for (const c of clients) removeOidcClient(mainPortal(), c);
});

async function signedIn(page: Page): Promise<TestUser> {
  const user = await createUser(mainPortal(), { prefix: 'consent' });
  await signIn(page, user.username, user.password);
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  return user;
}

test('the consent page names the app, what it may read and the account, and its form posts the decision to the interaction', async ({ page, browser }) => {
  const user = await signedIn(page);
  const app = client({ scopes: ['openid', 'profile', 'email', 'offline_access'] });
  const uid = seedInteraction(mainPortal(), { client: app, accountId: user.id, scope: 'openid email groups offline_access' });

  await page.goto(`/consent/${uid}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${app.appName} wants to sign you in with your Gatehouse account ${user.username}`);
  await expect(page.getByText('Documents, scanned and searchable')).toBeVisible();
  // groups was asked for but the client may not have it; openid always.
  await expect(page.getByTestId('consent-scopes').getByRole('listitem')).toHaveCount(3);
  expect(
    await page
      .getByTestId('consent-scopes')
      .getByRole('listitem')
      .evaluateAll((items) => items.map((i) => i.getAttribute('data-scope'))),
  ).toEqual(['openid', 'email', 'offline_access']);
  await expect(page.getByText('until you revoke it on your Security page')).toBeVisible();
  await expect(page.getByTestId('consent-return')).toContainText(`Then you go back to ${app.applicationId}.example.test.`);
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Allow' }) });
  await expect(form).toHaveAttribute('action', `/oidc/interaction/${uid}/confirm`);
  await expect(form).toHaveAttribute('method', 'post');
  await expect(form.getByRole('button', { name: 'Allow' })).toHaveAttribute('value', 'allow');
  await expect(form.getByRole('button', { name: 'Deny' })).toHaveAttribute('value', 'deny');
  await expect(form.getByRole('button', { name: 'Allow' })).toHaveAttribute('name', 'decision');
  await expect(form.getByRole('button', { name: 'Deny' })).toHaveAttribute('name', 'decision');
  await noSeriousAxeViolations(page);

  // A plain POST, no script needed: each button sends its decision (the endpoint itself is the provider's; answered here).
  const noScript = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState(), baseURL: mainPortal().url });
  const plain = await noScript.newPage();
  for (const decision of ['Deny', 'Allow'] as const) {
    const sent: string[] = [];
    await plain.route(`**/oidc/interaction/${uid}/confirm`, async (route) => {
      sent.push(`${route.request().method()} ${route.request().postData()}`);
      await route.fulfill({ status: 200, contentType: 'text/plain', body: 'decided' });
    });
    await plain.goto(`/consent/${uid}`);
    await plain.getByRole('button', { name: decision }).focus();
    await plain.keyboard.press('Enter');
    await expect(plain.getByText('decided')).toBeVisible();
    expect(sent).toEqual([`POST decision=${decision.toLowerCase()}`]);
    await plain.unroute(`**/oidc/interaction/${uid}/confirm`);
  }
  await noScript.close();
});

test("an expired or unknown request, and another account's, are refused without a form", async ({ page, browser }) => {
  const user = await signedIn(page);
  const app = client();
  const expired = seedInteraction(mainPortal(), { client: app, accountId: user.id, expiresAt: new Date(Date.now() - 1000) });
  const otherUser = await createUser(mainPortal(), { prefix: 'consent-other' });
  const others = seedInteraction(mainPortal(), { client: app, accountId: otherUser.id });
  const notRegistered = seedInteraction(mainPortal(), { client: app, accountId: user.id, redirectUri: 'https://evil.example.test/cb' });

  for (const uid of [expired, newUid(), 'not-a-uid!', notRegistered]) {
    await page.goto(`/consent/${encodeURIComponent(uid)}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(INVALID);
    await expect(page.locator('form[action*="/oidc/"]')).toHaveCount(0);
    await expect(page.getByText(app.appName)).toHaveCount(0);
  }
  await page.goto(`/consent/${others}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This sign-in request belongs to another account');
  await expect(page.getByText(`you are signed in as ${user.username}`)).toBeVisible();
  await expect(page.locator('form[action*="/oidc/"]')).toHaveCount(0);
  await expect(page.getByText(app.appName)).toHaveCount(0);
  await noSeriousAxeViolations(page);

  // Signed out: sign in first, then back to the request.
  const anonymous = await anonymousContext(browser, mainPortal().url);
  const visitor = await anonymous.newPage();
  await visitor.goto(`/consent/${others}`);
  await expect(visitor).toHaveURL(new RegExp(`/sign-in\\?rd=${encodeURIComponent(`/consent/${others}`)}`));
  await signIn(visitor, otherUser.username, otherUser.password, visitor.url());
  await expect(visitor).toHaveURL(new RegExp(`/consent/${others}$`));
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(`${app.appName} wants to sign you in with your Gatehouse account ${otherUser.username}`);
  await anonymous.close();
});

test('Apps with access lists what each app may read; revoking removes it with its grants and tokens, and is audited', async ({ page }) => {
  const user = await signedIn(page);
  const other = await createUser(mainPortal(), { prefix: 'consent-keep' });
  await page.goto('/security');
  await expect(page.getByTestId('apps-with-access-empty')).toHaveText(/^No app signs you in with Gatehouse yet\./);

  const app = client({ appName: `Paperless ${newUid().slice(0, 6)}` });
  const kept = client({ appName: `Wiki ${newUid().slice(0, 6)}` });
  seedConsentWithGrant(mainPortal(), { userId: user.id, client: app, scopes: 'email openid profile' });
  seedConsentWithGrant(mainPortal(), { userId: user.id, client: kept, scopes: 'openid' });
  seedConsentWithGrant(mainPortal(), { userId: other.id, client: app, scopes: 'openid' });
  await page.reload();
  const list = page.getByRole('list', { name: 'Apps with access' });
  await expect(list.getByTestId('app-with-access')).toHaveCount(2);
  const row = list.getByTestId('app-with-access').filter({ hasText: app.appName });
  await expect(row).toContainText(app.clientName);
  await expect(row.getByRole('list', { name: `What ${app.appName} may read` }).getByRole('listitem')).toHaveText([
    'Know that it is you (a stable identifier, never your username)',
    'Your username and display name',
    'Your email address',
  ]);
  await expect(row).toContainText(/Allowed \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  await noSeriousAxeViolations(page);

  await row.getByRole('button', { name: `Revoke access for ${app.appName} (${app.clientName})` }).click();
  const dialog = page.getByRole('alertdialog', { name: `Revoke access for ${app.appName} (${app.clientName})` });
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Revoke', exact: true }).click();
  await expect(page.getByTestId('form-message')).toHaveText(`${app.clientName} can no longer read your account. Its sign-ins and tokens are ended.`);
  await expect(list.getByTestId('app-with-access')).toHaveCount(1);
  await expect(list.getByTestId('app-with-access')).toContainText(kept.appName);

  // The consent and this user's grant, code and tokens for that client are gone; the rest stays.
  const consents = withDb(mainPortal(), (db) => db.prepare('SELECT "clientId" FROM "OidcConsent" WHERE "userId" = ?').all(user.id) as { clientId: string }[]);
  expect(consents.map((c) => c.clientId)).toEqual([kept.clientId]);
  expect(payloadModels(mainPortal(), { userId: user.id, clientId: app.clientId })).toEqual([]);
  expect(payloadModels(mainPortal(), { userId: user.id, clientId: kept.clientId })).toEqual(['AccessToken', 'AuthorizationCode', 'Grant', 'RefreshToken']);
  expect(payloadModels(mainPortal(), { userId: other.id, clientId: app.clientId })).toEqual(['AccessToken', 'AuthorizationCode', 'Grant', 'RefreshToken']);
  expect(payloadModels(mainPortal(), { userId: user.id }).filter((m) => m === 'Session')).toHaveLength(2);
  const events = withDb(mainPortal(), (db) =>
    db.prepare(`SELECT "actorId", "targetName" FROM "AuditEvent" WHERE "type" = 'oidc.consent_revoked' AND "targetId" = ?`).all(app.clientId),
  );
  expect(events).toEqual([{ actorId: user.id, targetName: app.clientName }]);

  // The last one: the empty state comes back.
  await list.getByRole('button', { name: /^Revoke access for / }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke', exact: true }).click();
  await expect(page.getByTestId('apps-with-access-empty')).toBeVisible();
  await expect(page.getByTestId('form-message')).toContainText(kept.clientName);
});
