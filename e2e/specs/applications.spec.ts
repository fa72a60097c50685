/**
 * Applications in the admin pages: add one (canonical address, a group, public paths, an
 * uploaded icon), see the access rules it writes on its page and on the rules page, edit it and
 * see them follow, refuse a hostile address and an SVG icon with errors beside their fields,
 * delete it with a confirmation and see its rules go. The steps share one application, so they
 * run in order.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { createUser, mainPortal, withDb } from '../support/portal';
import { ADMIN_STATE } from '../support/portal';
import { expect, test } from '../support/test';

test.describe.configure({ mode: 'serial' });
test.use({ storageState: ADMIN_STATE });

const t = Date.now().toString(36);
const NAME = `Whoami ${t}`;
const HOST = `whoami-${t}.localhost`;
const GROUP = `apps-${t}`;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
let appId = '';

const stored = () =>
  withDb(mainPortal(), (db) => ({
    app: db.prepare('SELECT "urls", "subjects", "iconType" FROM "Application" WHERE "id" = ?').get(appId) as
      | { urls: string; subjects: string; iconType: string | null }
      | undefined,
    rules: (db.prepare('SELECT "policy" FROM "AccessRule" WHERE "applicationId" = ? ORDER BY "position"').all(appId) as { policy: string }[]).map(
      (r) => r.policy,
    ),
  }));

async function generatedRulesOnRulesPage(page: Page): Promise<string[]> {
  await page.goto('/admin/rules');
  const group = page.getByTestId('application-rules').filter({ has: page.getByRole('link', { name: NAME, exact: true }) });
  if ((await group.count()) === 0) return [];
  await expect(group.getByRole('link', { name: 'Edit' })).toHaveCount(0);
  return group.getByTestId('generated-rule-row').allInnerTexts();
}

async function noSeriousAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
}

test('add an application: canonical address, its group, public paths and an uploaded icon; its rules are written', async ({ page }) => {
  await createUser(mainPortal(), { groups: [GROUP] });
  await page.goto('/admin/applications');
  // Other specs of this project add applications at the same time, so the page may show either its empty state or
  // its list: take the link the page shows rather than guessing it from a count read a moment later.
  await page.getByRole('link', { name: /^Add (your first )?application$/ }).click();
  await noSeriousAxeViolations(page);
  await page.getByLabel('Name', { exact: true }).fill(NAME);
  await page.getByLabel('Address(es)').fill(`HTTP://${HOST.toUpperCase()}:8080/`);
  await page.getByLabel('Upstream').fill('http://127.0.0.1:8000');
  await page.getByLabel('Users and groups who may use it').selectOption([`group:${GROUP}`]);
  await page.getByLabel('Public paths (optional)').fill('/Static/');
  await page.getByLabel('Upload an icon').setInputFiles({ name: 'icon.svg', mimeType: 'image/png', buffer: PNG });
  await page.getByRole('button', { name: 'Add application' }).click();

  await expect(page).toHaveURL(/\/admin\/applications\/[^/?]+\?saved=1$/);
  appId = new URL(page.url()).pathname.split('/').pop()!;
  await expect(page.getByText('Saved. Its access rules below are in force now.')).toBeVisible();
  await expect(page.getByRole('link', { name: `Proxy configuration for ${NAME}` })).toHaveAttribute('href', `/admin/proxy?app=${appId}`);
  expect(stored()).toEqual({
    app: { urls: JSON.stringify([`http://${HOST}:8080`]), subjects: JSON.stringify([`group:${GROUP}`]), iconType: 'image/png' },
    rules: ['bypass', 'two_factor', 'deny'],
  });
  await expect(page.getByRole('list', { name: `Access rules written by ${NAME}` }).getByTestId('generated-rule-row')).toHaveCount(3);
  await noSeriousAxeViolations(page);

  const icon = await page.request.get(`/api/applications/${appId}/icon`);
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toBe('image/png');
  expect(icon.headers()['x-content-type-options']).toBe('nosniff');
  expect(icon.headers()['content-security-policy']).toBe("default-src 'none'");
  expect(Buffer.from(await icon.body())).toEqual(PNG);

  const rules = await generatedRulesOnRulesPage(page);
  expect(rules).toHaveLength(3);
  expect(rules[0]).toContain('/static/');
  expect(rules[1]).toContain(`group:${GROUP}`);
  expect(rules[2]).toContain('deny');
});

test('refuse a hostile address and an SVG icon, each beside its field, keeping what was typed', async ({ page }) => {
  await page.goto(`/admin/applications/${appId}`);
  await page.getByLabel('Address(es)').fill(`https://admin:secret@${HOST}`);
  await page.getByLabel('Upload an icon').setInputFiles({ name: 'icon.png', mimeType: 'image/png', buffer: Buffer.from('<svg onload="alert(1)"/>') });
  await page.getByRole('button', { name: 'Save application' }).click();
  await expect(page.getByTestId('form-message')).toHaveText('Check the highlighted fields.');
  await expect(page.locator('#field-urls-error')).toContainText('cannot contain a user name or password');
  await expect(page.getByLabel('Address(es)')).toHaveValue(`https://admin:secret@${HOST}`);
  // The bytes are checked when the rest is valid; the browser's claimed type is not believed.
  await page.getByLabel('Address(es)').fill(`http://${HOST}:8080`);
  await page.getByLabel('Upload an icon').setInputFiles({ name: 'icon.png', mimeType: 'image/png', buffer: Buffer.from('<svg onload="alert(1)"/>') });
  await page.getByRole('button', { name: 'Save application' }).click();
  await expect(page.locator('#field-icon-error')).toContainText('SVG is not accepted');
  expect(stored().app?.urls).toBe(JSON.stringify([`http://${HOST}:8080`]));
});

test('edit it: open to every signed-in user at one factor; the rules follow', async ({ page }) => {
  await page.goto(`/admin/applications/${appId}`);
  await page.getByLabel('Users and groups who may use it').selectOption([]);
  await page.getByLabel('One factor: signed in with a password, passkey or provider').check();
  await page.getByRole('button', { name: 'Save application' }).click();
  await expect(page.getByText('Saved. Its access rules below are in force now.')).toBeVisible();
  expect(stored().rules).toEqual(['bypass', 'one_factor']);
  const rules = await generatedRulesOnRulesPage(page);
  expect(rules).toHaveLength(2);
  expect(rules[1]).toContain('every signed-in user');
});

test('delete it after a confirmation; its rules go with it', async ({ page }) => {
  await page.goto(`/admin/applications/${appId}`);
  await page.getByRole('button', { name: 'Delete application' }).click();
  await expect(page.getByRole('alertdialog')).toContainText(
    `Delete ${NAME} and the 2 access rules it wrote? Requests to its addresses then get the default policy.`,
  );
  await page
    .getByRole('alertdialog')
    .getByRole('button', { name: `Delete ${NAME}` })
    .click();
  await expect(page).toHaveURL(/\/admin\/applications\?deleted=1$/);
  await expect(page.getByText('Application deleted, with its access rules and any OpenID Connect clients.')).toBeVisible();
  await expect(page.getByRole('link', { name: NAME, exact: true })).toHaveCount(0);
  expect(stored()).toEqual({ app: undefined, rules: [] });
  expect(await generatedRulesOnRulesPage(page)).toEqual([]);
  expect((await page.request.get(`/api/applications/${appId}/icon`)).status()).toBe(404);
});
