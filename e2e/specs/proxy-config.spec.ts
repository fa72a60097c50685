/**
 * The proxy setup page builds its configuration from the stored applications: each site on the
 * port of its own URL, Gatehouse reached at this instance's real address (or the one the admin
 * stored), one application's part alone with `?app=`, an application the session cookie can
 * never reach named with the reason, and an empty state pointing to Applications. The main
 * portal runs at http://localhost:<port> without a cookie domain, so an application on
 * localhost (another port) can be protected and one on another host cannot.
 */
import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { applicationToColumns } from '../../lib/applications/application-codec';
import type { TApplicationInput } from '../../lib/applications/types';
import { ADMIN_STATE, mainPortal, sqliteDate, withDb } from '../support/portal';
import { expect, test } from '../support/test';

test.use({ storageState: ADMIN_STATE });

function insertApplication(fields: Pick<TApplicationInput, 'name' | 'urls'> & Partial<TApplicationInput>): string {
  const id = randomUUID();
  const slug = `proxy-e2e-${id.slice(0, 8)}`;
  const columns = applicationToColumns({
    slug,
    kind: 'generic',
    description: '',
    upstream: 'http://127.0.0.1:8000',
    icon: 'builtin:app',
    subjects: [],
    level: 'one_factor',
    publicPaths: [],
    showOnLauncher: false,
    ...fields,
  });
  const row = { ...columns, showOnLauncher: columns.showOnLauncher ? 1 : 0, id, position: 10_000, updatedAt: sqliteDate(new Date()) };
  withDb(mainPortal(), (db) => {
    const names = Object.keys(row);
    db.prepare(`INSERT INTO "Application" (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`).run(row);
  });
  return id;
}

const removeApplications = (ids: string[]) =>
  withDb(mainPortal(), (db) => {
    for (const id of ids) db.prepare('DELETE FROM "Application" WHERE "id" = ?').run(id);
  });

test("shows the stored applications' configuration on their own ports, reaching Gatehouse at this instance's address", async ({ page }) => {
  const portal = new URL(mainPortal().url);
  // The empty state, when no application exists around the page's render (specs running at the same time may add some).
  const applications = () => withDb(mainPortal(), (db) => (db.prepare('SELECT COUNT(*) AS n FROM "Application"').get() as { n: number }).n);
  if (applications() === 0) {
    await page.goto('/admin/proxy');
    await expect(page.getByRole('heading', { name: 'Proxy setup' })).toBeVisible();
    if (applications() === 0) await expect(page.getByTestId('proxy-no-applications')).toContainText('No applications yet. Add one on Applications');
  }
  const ids = [
    insertApplication({ name: 'Whoami E2E', urls: ['http://localhost:18081'] }),
    insertApplication({ name: 'Docs E2E', urls: ['http://localhost:18082'], kind: 'paperless', upstream: 'http://127.0.0.1:8010' }),
    insertApplication({ name: 'Elsewhere E2E', urls: ['https://wiki.example.org'] }),
  ];
  try {
    await page.goto('/admin/proxy');
    await expect(page.getByRole('heading', { name: 'Proxy setup' })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Protected apps' })).toHaveCount(0);
    const files = page.getByTestId('proxy-config');
    // This instance's address, never a fixed one.
    await expect(files.filter({ hasText: `server 127.0.0.1:${portal.port};` })).toHaveCount(1);
    const site = files.filter({ hasText: 'server_name localhost;' });
    await expect(site).toContainText('listen 18081;');
    await expect(site).toContainText('set $gatehouse_host localhost:18081;');
    await expect(site).toContainText('listen 18082;');
    await expect(site).toContainText(`listen ${portal.port};`);
    await expect(files.filter({ hasText: 'import gatehouse_paperless' })).toContainText('http://localhost:18081 {');
    await expect(files.filter({ hasText: 'entryPoints.web-18081.address: ":18081"' })).toHaveCount(1);
    await expect(page.getByText('wiki.example.org').first()).toBeVisible();
    await expect(files.filter({ hasText: 'wiki.example.org' })).toHaveCount(0);
    const problem = page.getByTestId('proxy-application-problem').filter({ hasText: 'Elsewhere E2E' });
    await expect(problem).toContainText('No cookie domain is set, so the session cookie belongs to localhost only and never reaches wiki.example.org');

    // One application's part, with where it goes.
    await page.getByRole('link', { name: 'Whoami E2E' }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/proxy\\?app=${ids[0]}$`));
    await expect(page.getByRole('heading', { name: 'Whoami E2E: its part of the configuration' })).toBeVisible();
    await expect(page.getByText('Where this goes: in /etc/nginx/conf.d/gatehouse.conf')).toBeVisible();
    const part = page.getByTestId('proxy-config');
    await expect(part).toHaveCount(3);
    await expect(part.nth(0)).toContainText('listen 18081;');
    await expect(part.nth(0)).not.toContainText('18082');
    await expect(part.nth(1)).toContainText('http://localhost:18081 {');
    await expect(part.nth(2)).toContainText('web-18081');
    await expect(page.getByRole('link', { name: 'Whoami E2E' })).toHaveAttribute('aria-current', 'page');
    await page.goto('/admin/proxy?app=nope');
    await expect(page.getByText('No such application')).toBeVisible();
  } finally {
    removeApplications(ids);
  }
});

test('the proxy’s address of Gatehouse is stored once, validated, and used until cleared', async ({ page }) => {
  await page.goto('/admin/proxy');
  const field = page.getByLabel('How the proxy reaches Gatehouse');
  await expect(page.getByText(`Empty: http://127.0.0.1:${new URL(mainPortal().url).port}, where this instance listens`)).toBeVisible();
  await field.fill('gatehouse:9091/x');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Enter an http(s) address without a path')).toBeVisible();
  await field.fill('http://Gatehouse:9091/');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('form-message')).toContainText('now reaches Gatehouse at http://gatehouse:9091');
  // Remembered: a new visit shows it and the configuration uses it.
  await page.goto('/admin/proxy');
  await expect(page.getByLabel('How the proxy reaches Gatehouse')).toHaveValue('http://gatehouse:9091');
  await expect(page.getByTestId('proxy-config').filter({ hasText: 'server gatehouse:9091;' })).toHaveCount(1);
  await page.getByLabel('How the proxy reaches Gatehouse').fill('');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('form-message')).toContainText("Back to this machine's address.");
});

test("at 390 px, in dark mode, the page and one application's part fit the phone and pass axe-core", async ({ page }) => {
  const ids = [
    insertApplication({ name: 'Phone E2E', urls: ['http://localhost:18083'] }),
    insertApplication({ name: 'Far E2E', urls: ['https://far-away-host-with-a-long-name.example.org'] }),
  ];
  try {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'dark' });
    for (const path of ['/admin/proxy', `/admin/proxy?app=${ids[0]}`]) {
      await page.goto(path);
      await expect(page.getByRole('heading', { name: 'Proxy setup' })).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
      const { violations } = await new AxeBuilder({ page }).analyze();
      expect(
        violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        path,
      ).toEqual([]);
    }
  } finally {
    removeApplications(ids);
  }
});
