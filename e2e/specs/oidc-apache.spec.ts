/**
 * Gatehouse as the OpenID Connect provider of a real relying party: Apache httpd with
 * mod_auth_openidc (Debian's packages) protecting a page, in Debian's Chromium. The user signs in
 * at Gatehouse with a password and an authenticator app code, Apache's page shows the claims
 * mod_auth_openidc passes to the app, and Apache's logout ends both sessions.
 */
import type { Page } from '@playwright/test';
import { type ApacheProcess, parseClaimsPage } from '../support/apache';
import { type ApacheStack, startApacheStack } from '../support/apache-stack';
import { createUser, type TestUserWithFactor } from '../support/portal';
import { anonymousContext, expect, passSecondFactor, test } from '../support/test';

const GROUP = 'apache-users';
let stack: ApacheStack;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  stack = await startApacheStack({ name: 'Apache test app', firstParty: true, subjects: [`group:${GROUP}`] });
});

test.afterAll(async () => {
  await stack?.stop();
});

async function claimsOn(page: Page, apache: ApacheProcess = stack.apache): Promise<Record<string, string>> {
  await expect(page).toHaveURL(apache.claims);
  return parseClaimsPage(await page.locator('body').innerText());
}

/** The `alg` of the ID token mod_auth_openidc validated (against Gatehouse's JWKS) and passed on. */
function idTokenAlg(claims: Record<string, string>): string {
  const header = (claims.OIDC_id_token ?? '').split('.')[0] ?? '';
  return (JSON.parse(Buffer.from(header, 'base64url').toString('utf8') || '{}') as { alg?: string }).alg ?? '';
}

/** Opens Apache's protected page: sent to Gatehouse's sign-in, password, then the authenticator app's code. */
async function signInThroughApache(page: Page, user: TestUserWithFactor, apache: ApacheProcess = stack.apache): Promise<void> {
  await page.goto(apache.claims);
  await expect(page).toHaveURL(signInPage(stack.portal.url));
  await page.getByLabel('Username or email').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await passSecondFactor(page, user.totpSecret);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const signInPage = (portalUrl: string) => new RegExp(`^${escapeRegExp(portalUrl)}/sign-in\\?`);

test('Apache signs the user in through Gatehouse (password + authenticator app) and sees the claims; its logout ends both sessions', async ({ browser }) => {
  test.setTimeout(90_000);
  const { portal, apache } = stack;
  const user = await createUser(portal, { groups: [GROUP, 'apache-staff'], factor: true });
  const context = await anonymousContext(browser, portal.url);
  const page = await context.newPage();

  // Apache → Gatehouse's authorization endpoint → its sign-in page.
  await signInThroughApache(page, user);

  // First-party client: no consent screen. Back at Apache with what mod_auth_openidc passes on.
  const claims = await claimsOn(page);
  expect(claims.REMOTE_USER).toBe(user.username);
  expect(claims.OIDC_CLAIM_preferred_username).toBe(user.username);
  expect(claims.OIDC_CLAIM_email).toBe(user.email);
  expect(claims.OIDC_CLAIM_name).toBe(user.displayName);
  expect(claims.OIDC_CLAIM_iss).toBe(portal.url);
  expect(claims.OIDC_CLAIM_aud).toBe(stack.clientId);
  // Arrays arrive joined with OIDCClaimDelimiter (","), in the provider's order.
  expect((claims.OIDC_CLAIM_groups ?? '').split(',').sort()).toEqual(['apache-staff', GROUP]);
  expect(claims.OIDC_CLAIM_acr).toBe('two_factor');
  expect(claims.OIDC_CLAIM_sub).toBeTruthy();
  expect(claims.OIDC_CLAIM_sub).not.toBe(user.username);
  expect(idTokenAlg(claims)).toBe('RS256');

  // A second visit needs no sign-in: Apache's session.
  await page.goto(apache.claims);
  expect((await claimsOn(page)).OIDC_CLAIM_preferred_username).toBe(user.username);
  // And the portal knows the browser.
  await page.goto(`${portal.url}/security`);
  await expect(page).toHaveURL(`${portal.url}/security`);

  // Apache's logout: its session, then Gatehouse's end_session endpoint, then Apache's page.
  await page.goto(apache.logout);
  await finishLogout(page);
  await expect(page).toHaveURL(apache.signedOut);
  await expect(page.getByRole('heading', { name: 'Signed out of the Apache app' })).toBeVisible();

  // Apache asks for a sign-in again, and so does Gatehouse (no silent sign-in: its session ended too).
  await page.goto(apache.claims);
  await expect(page).toHaveURL(signInPage(portal.url));
  await page.goto(`${portal.url}/security`);
  await expect(page).toHaveURL(signInPage(portal.url));
  await context.close();
});

test('a user the application does not allow signs in at Gatehouse, and Apache gets access_denied, never the claims', async ({ browser }) => {
  test.setTimeout(90_000);
  const { portal, apache } = stack;
  const user = await createUser(portal, { groups: ['somewhere-else'], factor: true });
  const context = await anonymousContext(browser, portal.url);
  const page = await context.newPage();
  await signInThroughApache(page, user);
  // Back at Apache's redirect URI with the error, no code (RFC 6749 §4.1.2.1); mod_auth_openidc shows its error page.
  await expect(page).toHaveURL((url) => url.href.startsWith(`${apache.redirectUri}?`) && url.searchParams.get('error') === 'access_denied');
  expect(new URL(page.url()).searchParams.get('code')).toBeNull();
  await page.goto(apache.claims);
  await expect(page).not.toHaveURL(apache.claims);
  await context.close();
});

test("a client set to ES256: Apache validates the ES256-signed ID token against Gatehouse's JWKS", async ({ browser }) => {
  test.setTimeout(90_000);
  const { apache } = await stack.addApache({ name: 'Apache ES256 app', firstParty: true, subjects: [`group:${GROUP}`], idTokenAlg: 'ES256' });
  const user = await createUser(stack.portal, { groups: [GROUP], factor: true });
  const context = await anonymousContext(browser, stack.portal.url);
  const page = await context.newPage();
  await signInThroughApache(page, user, apache);
  const claims = await claimsOn(page, apache);
  expect(claims.OIDC_CLAIM_preferred_username).toBe(user.username);
  expect(idTokenAlg(claims)).toBe('ES256');
  await context.close();
});

test('a client that is not first-party: the consent screen once, Allow, then Apache has the claims; the next sign-in remembers it', async ({ browser }) => {
  test.setTimeout(120_000);
  const { apache } = await stack.addApache({ name: 'Apache consent app', firstParty: false, subjects: [`group:${GROUP}`] });
  const user = await createUser(stack.portal, { groups: [GROUP], factor: true });
  const context = await anonymousContext(browser, stack.portal.url);
  const page = await context.newPage();
  await signInThroughApache(page, user, apache);
  await expect(page).toHaveURL(new RegExp(`^${escapeRegExp(stack.portal.url)}/consent/`));
  await expect(page.getByRole('heading', { name: /Apache consent app wants to sign you in/ })).toBeVisible();
  // What mod_auth_openidc asks for (OIDCScope), listed for the user.
  await expect(page.getByTestId('consent-scopes').locator('li[data-scope]')).toHaveCount(4);
  await page.getByRole('button', { name: 'Allow' }).click();
  expect((await claimsOn(page, apache)).OIDC_CLAIM_preferred_username).toBe(user.username);

  // Logout ends both sessions; signing in again goes straight back: the consent is remembered.
  await page.goto(apache.logout);
  await finishLogout(page);
  await expect(page).toHaveURL(apache.signedOut);
  await signInThroughApache(page, user, apache);
  expect((await claimsOn(page, apache)).OIDC_CLAIM_preferred_username).toBe(user.username);
  await context.close();
});

/** Gatehouse's end_session endpoint may ask the user to confirm signing out: confirm it. */
async function finishLogout(page: Page): Promise<void> {
  const confirm = page.getByRole('button', { name: /sign (me )?out/i });
  await expect(page.getByRole('heading', { name: 'Signed out of the Apache app' }).or(confirm)).toBeVisible();
  if (await confirm.isVisible()) await confirm.click();
}
