/**
 * Brute-force regulation in the browser: five wrong passwords ban the user and the client
 * address; while banned even the right password gets the ban message; an admin lifts both bans
 * on /admin/bans (each confirmed, naming its target) and the user signs in.
 *
 * The user's browser sends its own X-Forwarded-For (the portal trusts loopback proxies), so this
 * test bans a documentation address of its own and never the 127.0.0.1 other specs sign in from.
 *
 * An OpenID Connect client's ban (its secret guessed at the token endpoint) reads as the client's
 * name, linked to its page, with its id; a deleted client's as its id.
 */
import { randomInt } from 'node:crypto';
import { seedOidcClient } from '../support/oidc-seed';
import { ADMIN_STATE, createUser, mainPortal, sqliteDate, withDb } from '../support/portal';
import { anonymousContext, expect, signIn, test } from '../support/test';

const WRONG = 'The username or password is incorrect.';
const BANNED = /Too many failed sign-ins\. Try again in (10|11) minutes\./;

test('five failed sign-ins ban the user and the address; an admin lifts both; the user signs in', async ({ browser, baseURL }) => {
  const portal = mainPortal();
  const user = await createUser(portal, { prefix: 'banned' });
  const address = `203.0.113.${randomInt(1, 255)}`;
  const userContext = await anonymousContext(browser, baseURL!, { extraHTTPHeaders: { 'x-forwarded-for': address } });
  const page = await userContext.newPage();

  for (let i = 0; i < 4; i++) {
    await signIn(page, user.username, `not the password ${i}`);
    await expect(page.getByTestId('form-message')).toHaveText(WRONG);
  }
  await signIn(page, user.username, 'not the password 4');
  await expect(page.getByTestId('form-message')).toHaveText(BANNED);
  // Banned: the right password gets the same answer and no session.
  await signIn(page, user.username, user.password);
  await expect(page.getByTestId('form-message')).toHaveText(BANNED);
  await expect(page).toHaveURL(/\/sign-in/);

  const adminContext = await browser.newContext({ baseURL, storageState: ADMIN_STATE });
  const admin = await adminContext.newPage();
  await admin.goto('/admin/bans');
  await expect(admin.getByRole('heading', { name: 'Bans', exact: true })).toBeVisible();
  const userRow = admin.getByTestId('ban-row').filter({ hasText: user.username });
  const addressRow = admin.getByTestId('ban-row').filter({ hasText: address });
  await expect(userRow).toHaveCount(1);
  await expect(userRow).toContainText('5');
  await expect(addressRow).toHaveCount(1);

  // Lift the user's ban: confirmed first, naming the user; Cancel changes nothing.
  await userRow.getByRole('button', { name: `Lift the ban on user ${user.username}` }).click();
  const dialog = admin.getByRole('alertdialog', { name: `Lift the ban on user ${user.username}?` });
  await expect(dialog).toContainText(user.username);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(userRow).toHaveCount(1);
  await userRow.getByRole('button', { name: `Lift the ban on user ${user.username}` }).click();
  await admin
    .getByRole('alertdialog', { name: `Lift the ban on user ${user.username}?` })
    .getByRole('button', { name: 'Lift ban' })
    .click();
  await expect(userRow).toHaveCount(0);

  // The address is still banned, so the user is still refused from there.
  await signIn(page, user.username, user.password);
  await expect(page.getByTestId('form-message')).toHaveText(BANNED);

  await addressRow.getByRole('button', { name: `Lift the ban on address ${address}` }).click();
  await admin
    .getByRole('alertdialog', { name: `Lift the ban on address ${address}?` })
    .getByRole('button', { name: 'Lift ban' })
    .click();
  await expect(addressRow).toHaveCount(0);

  await signIn(page, user.username, user.password);
  await expect(page).not.toHaveURL(/\/sign-in(\?|$)/);

  // Both lifts are in the audit log, with the admin as actor.
  const lifted = withDb(
    portal,
    (db) =>
      db
        .prepare(`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE "type" = 'regulation.lifted' AND ("targetId" = ? OR "data" LIKE ?)`)
        .get(user.id, `%${address}%`) as { n: number },
  );
  expect(lifted.n).toBe(2);
  await userContext.close();
  await adminContext.close();
});

test('a login that names no account is banned exactly like an account; the bans page shows the login name, and lifting it lets it try again', async ({
  browser,
  baseURL,
}) => {
  const nobody = `nobody-${randomInt(100_000, 999_999)}`;
  const context = await anonymousContext(browser, baseURL!);
  const page = await context.newPage();
  // A fresh address for every try: only the login name's own count can ban it.
  for (let i = 0; i < 5; i++) {
    await page.setExtraHTTPHeaders({ 'x-forwarded-for': `198.18.${randomInt(0, 255)}.${randomInt(1, 255)}` });
    await signIn(page, nobody.toUpperCase(), `guess ${i}`);
    await expect(page.getByTestId('form-message')).toHaveText(i < 4 ? WRONG : BANNED);
  }

  const adminContext = await browser.newContext({ baseURL, storageState: ADMIN_STATE });
  const admin = await adminContext.newPage();
  await admin.goto('/admin/bans');
  const row = admin.getByTestId('ban-row').filter({ hasText: nobody });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('login name');
  await expect(row).toContainText('no account has it');
  await row.getByRole('button', { name: `Lift the ban on login name ${nobody}` }).click();
  const dialog = admin.getByRole('alertdialog', { name: `Lift the ban on login name ${nobody}?` });
  await expect(dialog).toContainText('Anyone can try this login name again at once.');
  await dialog.getByRole('button', { name: 'Lift ban' }).click();
  await expect(row).toHaveCount(0);

  await page.setExtraHTTPHeaders({ 'x-forwarded-for': `198.18.${randomInt(0, 255)}.${randomInt(1, 255)}` });
  await signIn(page, nobody, 'guess again');
  await expect(page.getByTestId('form-message')).toHaveText(WRONG);
  await context.close();
  await adminContext.close();
});

test("an OpenID Connect client's ban shows the client's name and id, or its id once deleted; lifting it names the client", async ({ browser, baseURL }) => {
  const portal = mainPortal();
  const client = seedOidcClient(portal, { clientName: `Banned client ${randomInt(1000, 9999)}` });
  const gone = `deleted-client-${randomInt(1000, 9999)}`;
  const now = new Date();
  withDb(portal, (db) => {
    const insert = db.prepare('INSERT INTO "CredentialLock" ("scope","subject","createdAt","until","failures") VALUES (?,?,?,?,?)');
    for (const id of [client.clientId, gone]) insert.run('credentials', `client:${id}`, sqliteDate(now), sqliteDate(new Date(now.getTime() + 10 * 60_000)), 5);
  });

  const context = await browser.newContext({ baseURL, storageState: ADMIN_STATE });
  const admin = await context.newPage();
  await admin.goto('/admin/bans');
  const row = admin.getByTestId('ban-row').filter({ hasText: client.clientId });
  await expect(row).toContainText('OpenID client');
  await expect(row.getByRole('link', { name: client.clientName })).toHaveAttribute(
    'href',
    `/admin/applications/${client.applicationId}/oidc/${client.clientId}`,
  );
  const goneRow = admin.getByTestId('ban-row').filter({ hasText: gone });
  await expect(goneRow).toContainText(`deleted client (${gone})`);
  await expect(goneRow.getByRole('link')).toHaveCount(0);

  const label = `OpenID client ${client.clientName} (${client.clientId})`;
  await row.getByRole('button', { name: `Lift the ban on ${label}` }).click();
  const dialog = admin.getByRole('alertdialog', { name: `Lift the ban on ${label}?` });
  await expect(dialog).toContainText('This client can try to authenticate again at once.');
  await dialog.getByRole('button', { name: 'Lift ban' }).click();
  await expect(row).toHaveCount(0);
  await goneRow.getByRole('button', { name: `Lift the ban on OpenID client (deleted, id ${gone})` }).click();
  await admin.getByRole('alertdialog').getByRole('button', { name: 'Lift ban' }).click();
  await expect(goneRow).toHaveCount(0);
  await context.close();
});

test('a non-admin cannot see the bans page', async ({ browser, baseURL }) => {
  const user = await createUser(mainPortal(), { prefix: 'nonadmin' });
  const context = await anonymousContext(browser, baseURL!, { extraHTTPHeaders: { 'x-forwarded-for': `198.51.100.${randomInt(1, 255)}` } });
  const page = await context.newPage();
  await signIn(page, user.username, user.password);
  await expect(page).not.toHaveURL(/\/sign-in(\?|$)/);
  const response = await page.goto('/admin/bans');
  expect([403, 404]).toContain(response?.status());
  await expect(page.getByTestId('ban-row')).toHaveCount(0);
  await context.close();
});
