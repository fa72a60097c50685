/**
 * The README's screenshots, taken from a portal of its own with clean data: the sign-in page, the
 * launcher, the Security page, the admin overview with its checklist, the applications, one
 * application, and the proxy configuration. Every e2e run takes them (into e2e/.artifacts, so a
 * broken page shows up as a failed step here too); `npm run screenshots` runs only this spec and
 * writes them to docs/screenshots, where README links them.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startGatehouse, type GatehouseProcess } from '../../test/support/gatehouse-process';
import { anonymousContext, expect, freshTotpCode, test } from '../support/test';

const OUT = process.env.GATEHOUSE_SCREENSHOTS_DIR ?? join(process.cwd(), 'e2e', '.artifacts', 'screenshots');
const admin = { username: 'ada', email: 'ada@example.com', displayName: 'Ada Lovelace', password: 'copper meadow 7731 lantern' };
const APPS = [
  {
    name: 'Paperless',
    url: 'http://paperless.localhost',
    upstream: 'http://127.0.0.1:8000',
    icon: 'Documents',
    description: 'Scanned letters, bills and receipts.',
  },
  { name: 'Nextcloud', url: 'http://cloud.localhost', upstream: 'http://127.0.0.1:8080', icon: 'Cloud', description: 'Files and calendars of the family.' },
  { name: 'Grafana', url: 'http://grafana.localhost', upstream: 'http://127.0.0.1:3000', icon: 'Dashboard', description: 'How the homelab is doing.' },
];

let gatehouse: GatehouseProcess;
test.beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  gatehouse = await startGatehouse();
});
test.afterAll(async () => gatehouse?.stop());

async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: false });
}

test('screenshots of the main pages', async ({ browser }) => {
  test.setTimeout(240_000);
  const base = `http://localhost:${gatehouse.port}`;
  const link = gatehouse.output().match(/http:\/\/\S+\/setup\/[A-Za-z0-9_-]{43}/)?.[0];
  expect(link, 'the fresh portal printed a setup link').toBeTruthy();

  const signedOut = await anonymousContext(browser, base, { viewport: { width: 1280, height: 800 } });
  const outPage = await signedOut.newPage();
  await outPage.goto('/sign-in');
  await expect(outPage.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await shoot(outPage, 'sign-in');
  await signedOut.close();

  const context = await anonymousContext(browser, base, { viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(link!);
  await page.getByLabel('Username').fill(admin.username);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Display name').fill(admin.displayName);
  await page.getByLabel('Password', { exact: true }).fill(admin.password);
  await page.getByLabel('Repeat the password').fill(admin.password);
  await page.getByRole('button', { name: 'Create admin account' }).click();
  await expect(page).toHaveURL(/\/security\/add\/totp\?grant=/, { timeout: 30_000 });
  const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
  await page.getByLabel('Code from the app').fill(await freshTotpCode(secret));
  await page.getByRole('button', { name: 'Add the app' }).click();
  await expect(page.getByTestId('recovery-code')).toHaveCount(10, { timeout: 30_000 });
  await page.getByRole('link', { name: 'I have saved them: continue' }).click();
  await expect(page).toHaveURL(`${base}/admin`);
  await shoot(page, 'admin-overview');

  for (const app of APPS) {
    await page.goto('/admin/applications/new');
    await page.getByLabel('Name', { exact: true }).fill(app.name);
    await page.getByLabel('Address(es)').fill(app.url);
    await page.getByLabel('Upstream').fill(app.upstream);
    await page.getByLabel('Description (optional)').fill(app.description);
    await page.getByRole('radio', { name: app.icon, exact: true }).check({ force: true });
    await page.getByRole('button', { name: 'Add application' }).click();
    await expect(page).toHaveURL(/\/admin\/applications\/[^/?]+\?saved=1$/);
  }
  await shoot(page, 'application');
  const appId = new URL(page.url()).pathname.split('/').pop()!;
  await page.goto('/admin/applications');
  await shoot(page, 'applications');
  await page.goto(`/admin/proxy?app=${appId}`);
  await shoot(page, 'proxy');
  await page.goto('/');
  await expect(page.getByRole('link', { name: /Paperless/ })).toBeVisible();
  await shoot(page, 'launcher');
  await page.goto('/security');
  await shoot(page, 'security');
  await context.close();
});
