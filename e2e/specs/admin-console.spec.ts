/**
 * The admin console's day-to-day pages: the overview (counts and warnings), the audit log's
 * export and retention, the mail templates preview; and the export refused to non-admins.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ADMIN_STATE, createUser, mainPortal, withDb } from '../support/portal';
import { anonymousContext, expect, signIn, test } from '../support/test';

const iso = (date: Date) => date.toISOString().replace('Z', '+00:00');

test.describe('as an admin', () => {
  test.use({ storageState: ADMIN_STATE });

  test('the overview shows counts and warns about an admin without a second factor', async ({ page }) => {
    const extra = await createUser(mainPortal(), { groups: ['admins'], prefix: 'nofactor' });
    const pending = await createUser(mainPortal(), { status: 'pending', prefix: 'pending' });
    try {
      await page.goto('/admin');
      await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
      const pendingCount = Number((await page.getByTestId('count-pending').locator('span').first().textContent())!.replace(/,/g, ''));
      expect(pendingCount).toBeGreaterThanOrEqual(1);
      const active = Number((await page.getByTestId('count-active').locator('span').first().textContent())!.replace(/,/g, ''));
      expect(active).toBeGreaterThanOrEqual(2);
      await expect(page.getByTestId('count-failed')).toBeVisible();
      const warning = page.getByTestId('warning-admin_2fa');
      await expect(warning).toContainText(extra.username);
      await expect(warning.getByRole('link')).toHaveAttribute('href', /\/admin\/users/);
      await expect(page.getByRole('img', { name: /Failed sign-ins per hour/ })).toBeVisible();
    } finally {
      withDb(mainPortal(), (db) => {
        for (const id of [extra.id, pending.id]) {
          db.prepare('DELETE FROM "UserGroup" WHERE "userId" = ?').run(id);
          db.prepare('DELETE FROM "User" WHERE "id" = ?').run(id);
        }
      });
    }
  });

  test('the audit log exports the filtered events as CSV and JSON Lines', async ({ page }) => {
    const name = `audit-${randomBytes(4).toString('hex')}`;
    withDb(mainPortal(), (db) => {
      const insert = db.prepare(
        'INSERT INTO "AuditEvent" ("createdAt","type","outcome","actorName","targetType","targetName","ip","data") VALUES (?,?,?,?,?,?,?,?)',
      );
      const now = Date.now();
      insert.run(
        iso(new Date(now - 3000)),
        'auth.sign_in',
        'failure',
        name,
        'user',
        '=HYPERLINK("http://evil")',
        '192.0.2.1',
        JSON.stringify({ method: 'password' }),
      );
      insert.run(iso(new Date(now - 2000)), 'auth.sign_in', 'success', name, 'user', name, '192.0.2.1', null);
      insert.run(iso(new Date(now - 1000)), 'auth.sign_out', 'success', name, 'user', name, '192.0.2.1', null);
    });
    await page.goto(`/admin/audit?type=auth.sign_in&user=${name}`);
    await expect(page.getByTestId('audit-row')).toHaveCount(2);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').getByRole('link', { name: 'CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^gatehouse-audit-\d{8}-\d{6}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,createdAt,type,outcome,actorName,targetType,targetName,ip,userAgent,data');
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).every((l) => l.includes(',auth.sign_in,') && l.includes(name))).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);

    const jsonl = await page.request.get(`/api/admin/audit/export?format=jsonl&user=${name}`);
    expect(jsonl.status()).toBe(200);
    expect(jsonl.headers()['content-disposition']).toMatch(/attachment; filename="gatehouse-audit-.*\.jsonl"/);
    const events = (await jsonl.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; actorName: string });
    expect(events.map((e) => e.type)).toEqual(['auth.sign_out', 'auth.sign_in', 'auth.sign_in']);
  });

  test('the retention setting saves and is audited', async ({ page }) => {
    await page.goto('/admin/audit');
    const form = page.getByTestId('retention-form');
    await form.getByRole('radio', { name: 'For', exact: true }).check();
    await form.getByLabel('Days to keep audit events').fill('12');
    await form.getByRole('button', { name: 'Save retention' }).click();
    await expect(form.getByText(/at least 30/).first()).toBeVisible();
    await form.getByLabel('Days to keep audit events').fill('400');
    await form.getByRole('button', { name: 'Save retention' }).click();
    await expect(form.getByText('Audit events older than 400 days are deleted daily.').first()).toBeVisible();
    const stored = withDb(mainPortal(), (db) => db.prepare(`SELECT "value" FROM "Setting" WHERE "key" = 'audit.retention_days'`).get() as { value: string });
    expect(stored.value).toBe('400');
    await page.goto('/admin/audit?type=audit.retention_changed');
    await expect(page.getByTestId('audit-row').first()).toContainText('400');
    // Back to the default, so nothing else is affected.
    await page.getByTestId('retention-form').getByRole('radio', { name: 'Forever' }).check();
    await page.getByTestId('retention-form').getByRole('button', { name: 'Save retention' }).click();
    await expect(page.getByTestId('retention-form').getByText('Audit events are kept forever.')).toBeVisible();
  });

  test('the mail templates preview renders text and sandboxed HTML', async ({ page }) => {
    await page.goto('/admin/mail');
    const rows = page.getByTestId('template-row');
    expect(await rows.count()).toBeGreaterThanOrEqual(10);
    const invitation = rows.filter({ hasText: 'Invitation' });
    await invitation.locator('summary').click();
    await expect(invitation.getByTestId('template-text')).toContainText('invited you');
    const frame = invitation.locator('iframe');
    await expect(frame).toHaveAttribute('sandbox', '');
    await expect(page.frameLocator('iframe[title="HTML version of the Invitation template"]').getByText('Go to the sign-in page')).toBeVisible();
    const html = await page.request.get('/api/admin/mail/templates/invitation/html');
    expect(html.headers()['content-security-policy']).toContain("default-src 'none'");
  });
});

test('the audit export and template HTML are 404 for non-admins and signed-out visitors', async ({ browser, playwright }) => {
  const anonymous = await playwright.request.newContext({ baseURL: mainPortal().url });
  for (const path of ['/api/admin/audit/export?format=csv', '/api/admin/audit/export?format=jsonl', '/api/admin/mail/templates/invitation/html']) {
    expect((await anonymous.get(path, { maxRedirects: 0 })).status(), path).toBe(404);
  }
  await anonymous.dispose();
  const user = await createUser(mainPortal());
  const context = await anonymousContext(browser, mainPortal().url);
  const page = await context.newPage();
  await signIn(page, user.username, user.password);
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  for (const path of ['/api/admin/audit/export?format=csv', '/api/admin/mail/templates/invitation/html']) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(404);
    expect(await response.text()).not.toContain('id,createdAt');
  }
  await context.close();
});
