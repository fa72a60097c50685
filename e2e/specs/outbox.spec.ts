/**
 * A portal with no SMTP server: mail goes to the outbox, which the admin reads in the browser.
 * Also the setup link's life: an expired link shows a clear page, and `setup-link` prints a new one.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { outboxPortal, outboxPortalEnv, withDb } from '../support/portal';
import { listOutbox, readOutboxMessage } from '../../lib/mail/outbox';
import { anonymousContext, expect, freshTotpCode, test } from '../support/test';

test.use({ baseURL: process.env.GATEHOUSE_E2E_OUTBOX_URL });

test('expired setup link, a fresh one from the CLI, then mail kept in the outbox and read in the browser', async ({ page, browser }) => {
  // It also adds the admin's authenticator app (admins must have one): more than the default 45 s on a busy machine.
  test.setTimeout(120_000);
  const portal = outboxPortal();
  // The link printed at start, aged past its hour.
  withDb(portal, (db) => db.prepare(`UPDATE "OneTimeToken" SET "expiresAt" = ? WHERE "purpose" = 'setup'`).run('2000-01-01T00:00:00.000+00:00'));
  const printed = (await import('node:fs')).readFileSync(portal.log, 'utf8').match(/https?:\/\/\S+\/setup\/[A-Za-z0-9_-]{43}/)![0];
  await page.goto(printed);
  await expect(page.getByRole('heading', { name: 'This link has expired' })).toBeVisible();
  await expect(page.getByText('npm run setup-link')).toBeVisible();

  // What `npm run setup-link` runs, against the same data directory.
  const cli = spawnSync(process.execPath, [join(process.cwd(), 'dist', 'server.mjs'), 'setup-link'], {
    env: { ...process.env, ...outboxPortalEnv(), NODE_ENV: 'production' },
    encoding: 'utf8',
  });
  expect(cli.status).toBe(0);
  const fresh = cli.stdout.match(/https?:\/\/\S+\/setup\/[A-Za-z0-9_-]{43}/)![0];
  await page.goto(fresh);
  await page.getByLabel('Username').fill('outbox-admin');
  await page.getByLabel('Email').fill('outbox-admin@example.test');
  await page.getByLabel('Display name').fill('Olga Outbox');
  await page.getByLabel('Password', { exact: true }).fill('granite willow 5521 compass');
  await page.getByLabel('Repeat the password').fill('granite willow 5521 compass');
  await page.getByRole('button', { name: 'Create admin account' }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText('Olga Outbox');

  // Admins must use a second factor, and this first admin cannot read Admin → Mail before adding
  // one: the link to start waits in the outbox folder on the server, where its operator reads it.
  await page.goto('/admin/mail');
  await expect(page).toHaveURL(/\/security\?required=admin&rd=%2Fadmin%2Fmail$/);
  await page.getByRole('button', { name: 'Add an authenticator app' }).click();
  const outboxDir = join(dirname(portal.db), 'outbox');
  await expect(page.getByTestId('form-message')).toContainText(`read it in the outbox folder on the server (${outboxDir})`);
  const { entries } = await listOutbox(outboxDir);
  expect(entries.map((e) => e.subject)).toEqual([expect.stringMatching(/add an authenticator app/)]);
  const mail = await readOutboxMessage(outboxDir, entries[0]!.id);
  await page.goto(mail!.text.match(/https?:\/\/\S+\/device\/[A-Za-z0-9_-]{43}/)![0]);
  await page.getByRole('button', { name: 'Continue' }).click();
  const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
  await page.getByLabel('Code from the app').fill(await freshTotpCode(secret));
  await page.getByRole('button', { name: 'Add the app' }).click();
  await page.getByRole('link', { name: 'I have saved them: continue' }).click();
  await expect(page).toHaveURL(/\/admin\/mail$/);

  // The link, and the notice that a factor was added.
  await expect(page.getByTestId('mail-mode')).toContainText('kept in the outbox');
  await expect(page.getByTestId('outbox-row')).toHaveCount(2);
  await page.getByRole('button', { name: 'Send test email' }).click();
  await expect(page.getByTestId('form-message')).toContainText('is in the outbox below');
  await expect(page.getByTestId('outbox-row')).toHaveCount(3);

  // A new user's link travels through the outbox.
  const suffix = randomBytes(3).toString('hex');
  await page.goto('/admin/users/new');
  await page.getByLabel('Username').fill(`otto-${suffix}`);
  await page.getByLabel('Email').fill(`otto-${suffix}@example.test`);
  await page.getByLabel('Display name').fill('Otto');
  await page.getByRole('button', { name: 'Create user and send link' }).click();
  await expect(page.getByTestId('form-message')).toContainText('kept in the outbox');
  await page.goto('/admin/mail');
  await expect(page.getByTestId('outbox-row')).toHaveCount(4);
  await page.getByTestId('outbox-row').first().getByRole('link').click();
  await expect(page.getByRole('heading', { name: /choose a password/ })).toBeVisible();
  await expect(page.getByTestId('outbox-text')).toContainText(`Your username is "otto-${suffix}"`);
  const link = await page.getByTestId('outbox-text').getByRole('link').getAttribute('href');
  await page.getByText('Show the HTML version').click();
  await expect(page.frameLocator('iframe[title="HTML version of the message"]').getByRole('link', { name: 'Choose a password' })).toBeVisible();

  const person = await anonymousContext(browser, portal.url);
  const p = await person.newPage();
  await p.goto(link!);
  await expect(p.getByRole('heading', { name: 'Choose a password' })).toBeVisible();
  await person.close();

  // Nothing outside the outbox can be opened through the viewer.
  const response = await page.goto('/admin/mail/outbox/..%2Fsecrets.json');
  expect(response!.status()).toBe(404);
});
