/**
 * The first run without editing a file, on a portal of its own started for this spec (no
 * GATEHOUSE_URL, no SMTP in its environment): the setup link, the admin overview's checklist,
 * the public URL changed in the browser with what it does shown first (the running server then
 * answers at the new address, no restart), mail through the SMTP catcher with a test message
 * first, and the checklist ticking item by item. The forms are used with the keyboard only.
 * Values fixed in the environment (the main e2e portal's URL and SMTP server) are shown as fixed.
 */
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { startGatehouse, type GatehouseProcess } from '../../test/support/gatehouse-process';
import { waitForMail } from '../support/mailbox';
import { ADMIN_STATE, type Portal, sqliteDate, withDb } from '../support/portal';
import { expect, freshTotpCode, test } from '../support/test';

const admin = { username: 'first-runner', email: 'first-runner@example.test', displayName: 'Fiona First', password: 'copper meadow 7731 lantern' };

let gatehouse: GatehouseProcess;
test.beforeAll(async () => {
  gatehouse = await startGatehouse();
});
test.afterAll(async () => gatehouse?.stop());

/** Types into a field the keyboard way: focus, select all, type. */
async function typeInto(page: Page, label: string | RegExp, text: string): Promise<void> {
  await page.getByLabel(label, { exact: typeof label === 'string' }).focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

async function pressButton(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).focus();
  await page.keyboard.press('Enter');
}

async function passFactor(page: Page, secret: string): Promise<void> {
  await expect(page).toHaveURL(/\/sign-in\/second-factor/, { timeout: 30_000 });
  await typeInto(page, 'Code from your authenticator app', await freshTotpCode(secret));
  await page.keyboard.press('Enter');
  await expect(page).not.toHaveURL(/\/sign-in\/second-factor/, { timeout: 30_000 });
}

const item = (page: Page, id: string) => page.getByTestId(`checklist-${id}`);

test('setup link → checklist → address with its warnings → mail through SMTP → every item ticked → dismissed', async ({ page }) => {
  test.setTimeout(240_000);
  const localhost = `http://localhost:${gatehouse.port}`;
  const loopback = `http://127.0.0.1:${gatehouse.port}`;
  const portal: Portal = { url: localhost, log: '', db: join(gatehouse.dataDir, 'gatehouse.db') };
  const link = gatehouse.output().match(/http:\/\/\S+\/setup\/[A-Za-z0-9_-]{43}/)?.[0];
  expect(link, 'the fresh portal printed a setup link').toBeTruthy();

  await page.goto(link!);
  await typeInto(page, 'Username', admin.username);
  await typeInto(page, 'Email', admin.email);
  await typeInto(page, 'Display name', admin.displayName);
  await typeInto(page, 'Password', admin.password);
  await typeInto(page, 'Repeat the password', admin.password);
  await page.keyboard.press('Enter');
  // Setup leads straight to the admin's authenticator app (granted by the setup link: no mail), then to the overview.
  await expect(page).toHaveURL(/\/security\/add\/totp\?grant=.*&rd=%2Fadmin&first=1$/, { timeout: 30_000 });
  const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
  await typeInto(page, 'Code from the app', await freshTotpCode(secret));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('recovery-code')).toHaveCount(10, { timeout: 30_000 });
  await page.getByRole('link', { name: 'I have saved them: continue' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(`${localhost}/admin`);

  const checklist = page.getByTestId('first-run-checklist');
  await expect(checklist).toBeVisible();
  await expect(item(page, 'second-factor')).toHaveAttribute('data-done', 'true');
  for (const id of ['portal', 'mail', 'application']) await expect(item(page, id)).toHaveAttribute('data-done', 'false');
  await expect(page.getByRole('button', { name: 'Dismiss the checklist' })).toHaveCount(0);

  // The address: the keyboard follows the checklist's link; a new host is explained before it is saved.
  await item(page, 'portal').getByRole('link').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Settings', exact: true })).toBeVisible();
  await typeInto(page, 'Public URL', 'http://auth.example.com');
  await pressButton(page, 'Save address');
  await expect(page.locator('#field-url-error')).toContainText('must use https://');
  await typeInto(page, 'Public URL', loopback);
  await pressButton(page, 'Save address');
  const impact = page.getByTestId('portal-impact');
  await expect(impact).toBeVisible();
  await expect(page.getByTestId('impact-sign-out')).toContainText(/Everyone is signed out \(\d+ active sessions?\)/);
  await expect(page.getByTestId('impact-passkeys')).toContainText('from localhost to 127.0.0.1: 0 passkeys and security keys stop working');
  await expect(page.getByTestId('impact-proxy').getByRole('link', { name: 'Proxy setup' })).toHaveAttribute('href', '/admin/proxy');
  await pressButton(page, 'Save anyway');
  await expect(page.getByTestId('form-message')).toContainText(`Saved. The portal answers at ${loopback}`);

  // The same process now answers as 127.0.0.1: the old cookie is not sent there, so sign in again.
  await page.goto(`${loopback}/admin`);
  await expect(page).toHaveURL(/\/sign-in/);
  await typeInto(page, 'Username or email', admin.username);
  await typeInto(page, 'Password', admin.password);
  await page.keyboard.press('Enter');
  await passFactor(page, secret);
  await expect(page).toHaveURL(`${loopback}/admin`);
  await expect(item(page, 'portal')).toHaveAttribute('data-done', 'true');

  // Mail: a test message through the SMTP catcher before saving, with the server's answer.
  await item(page, 'mail').getByRole('link').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('mail-form')).toBeVisible();
  await typeInto(page, 'SMTP server', '127.0.0.1');
  await typeInto(page, 'Port (optional)', process.env.GATEHOUSE_TEST_SMTP_PORT ?? '');
  await typeInto(page, 'Sender address (optional)', 'First Run <first-run@example.test>');
  const probe = `probe-${Date.now()}@example.test`;
  await typeInto(page, 'Send a test message to', probe);
  await pressButton(page, 'Send a test message');
  await expect(page.getByTestId('form-message')).toContainText(`127.0.0.1:${process.env.GATEHOUSE_TEST_SMTP_PORT} accepted the test message`);
  await expect(page.getByTestId('form-message')).toContainText('“2');
  expect((await waitForMail(probe)).from).toContain('first-run@example.test');
  await pressButton(page, 'Save mail settings');
  await expect(page.getByTestId('form-message')).toContainText('Mail is now sent over SMTP');

  // The running server sends the next mail (the Mail page's own test, which reads the live configuration) with the new sender.
  await page.goto(`${loopback}/admin/mail`);
  await expect(page.getByTestId('mail-mode')).toContainText('first-run@example.test');
  const next = `next-${Date.now()}@example.test`;
  await typeInto(page, 'Send a test email to', next);
  await pressButton(page, 'Send test email');
  expect((await waitForMail(next)).from).toContain('first-run@example.test');

  // A first application (its pages are built elsewhere): one row, and the item ticks.
  withDb(portal, (db) =>
    db
      .prepare('INSERT INTO "Application" ("id","slug","name","upstream","position","updatedAt") VALUES (?,?,?,?,?,?)')
      .run('app-first-run', 'first', 'First app', 'http://127.0.0.1:9', 0, sqliteDate(new Date())),
  );
  await page.goto(`${loopback}/admin`);
  for (const id of ['portal', 'mail', 'application', 'second-factor']) await expect(item(page, id)).toHaveAttribute('data-done', 'true');
  await pressButton(page, 'Dismiss the checklist');
  await expect(checklist).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('first-run-checklist')).toHaveCount(0);
});

test.describe('values set in the environment', () => {
  test.use({ storageState: ADMIN_STATE });
  test('are shown as fixed and cannot be edited', async ({ page }) => {
    await page.goto('/admin/settings');
    await expect(page.getByTestId('fixed-GATEHOUSE_URL')).toContainText('set by GATEHOUSE_URL in the environment');
    await expect(page.getByTestId('fixed-GATEHOUSE_SMTP_HOST')).toContainText('set by GATEHOUSE_SMTP_HOST in the environment');
    await expect(page.getByTestId('fixed-GATEHOUSE_MAIL_FROM')).toContainText('sso@example.test');
    await expect(page.getByLabel('Public URL')).toHaveCount(0);
    await expect(page.getByLabel('SMTP server')).toHaveCount(0);
    // The cookie domain is not set there: it may be stored.
    await expect(page.getByLabel('Cookie domain (optional)')).toBeEditable();
    // No serious or critical accessibility problem on the settings page or the overview with its checklist.
    for (const path of ['/admin/settings', '/admin']) {
      await page.goto(path);
      const { violations } = await new AxeBuilder({ page }).analyze();
      expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${path}: ${v.id}`)).toEqual([]);
    }
  });
});
