/**
 * An app signs a user in through Gatehouse with OpenID Connect, in Chromium, every step the real
 * page: the authorization request lands on the sign-in form (rd back to the interaction), the
 * application's two-factor level sends the user through the authenticator-app step, the consent
 * page asks, Allow returns a code to the app's redirect URI, and the code buys an ID token that
 * says what was proven (acr two_factor, amr pwd + otp + mfa).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createUser, mainPortal, withDb } from '../support/portal';
import { removeOidcClient, seedOidcClient, type SeededClient } from '../support/oidc-seed';
import { expect, passSecondFactor, test } from '../support/test';

const seeded: SeededClient[] = [];

test.afterAll(() => {
  for (const client of seeded) removeOidcClient(mainPortal(), client);
});

test('an app signs a user in: sign-in form, second factor, consent, code, and an ID token that says what was proven', async ({ page, baseURL }) => {
  const user = await createUser(mainPortal(), { prefix: 'rp', factor: true });
  const redirectUri = 'http://127.0.0.1:9/oidc-e2e/callback';
  const client = seedOidcClient(mainPortal(), { redirectUris: [redirectUri], scopes: ['openid', 'profile', 'email'] });
  seeded.push(client);
  const secret = randomBytes(32).toString('base64url');
  withDb(mainPortal(), (db) =>
    db.prepare('UPDATE "OidcClient" SET "secretHash" = ? WHERE "id" = ?').run(createHash('sha256').update(secret).digest('hex'), client.clientId),
  );

  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(8).toString('hex');
  const query = new URLSearchParams({
    client_id: client.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid profile email',
    state,
    nonce: randomBytes(8).toString('hex'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  // The app itself is not running: its callback is answered here and read from the URL.
  await page.route(`${redirectUri}**`, (route) => route.fulfill({ status: 200, contentType: 'text/plain', body: 'app callback' }));

  await page.goto(`/oidc/auth?${query}`);
  await expect(page).toHaveURL(/\/sign-in\?rd=%2Foidc%2Finteraction%2F/);
  await page.getByLabel('Username or email').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await passSecondFactor(page, user.totpSecret);

  await expect(page).toHaveURL(/\/consent\/[A-Za-z0-9_-]+$/);
  await expect(page.getByText(client.appName).first()).toBeVisible();
  await page.getByRole('button', { name: 'Allow' }).click();

  await expect(page).toHaveURL(new RegExp(`^${redirectUri}\\?`));
  const callback = new URL(page.url());
  expect(callback.searchParams.get('state')).toBe(state);
  const code = callback.searchParams.get('code');
  expect(code).toBeTruthy();

  const token = await fetch(`${baseURL}/oidc/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${client.clientId}:${secret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: code!, redirect_uri: redirectUri, code_verifier: verifier }).toString(),
  });
  expect(token.status).toBe(200);
  const { id_token: idToken } = (await token.json()) as { id_token: string };
  const claims = JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
  expect(claims).toMatchObject({ sub: user.id, preferred_username: user.username, acr: 'two_factor', amr: ['otp', 'pwd', 'mfa'] });
});
