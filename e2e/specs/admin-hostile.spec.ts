/**
 * Hostile strings in the admin console: a display name (as a social sign-in or a signup form could
 * deliver it) and audit entries carrying markup and SQL, and the same strings typed into every
 * search and filter field. Everything is shown as text, nothing runs, nothing matches more than
 * it should, and no page breaks.
 */
import { randomBytes } from 'node:crypto';
import { ADMIN_STATE, createUser, mainPortal, withDb } from '../support/portal';
import { expect, test } from '../support/test';

test.use({ storageState: ADMIN_STATE });

const MARKUP = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
const SQL = `'; DROP TABLE "User"; --`;
const SEARCHES = [SQL, `" OR "1"="1`, '%', '_', '\\', MARKUP, "admin'--", '${7*7}', '{{7*7}}', '\u0000'];

test('hostile names are shown as text on every admin page that lists them', async ({ page }) => {
  const tag = randomBytes(3).toString('hex');
  const displayName = `${MARKUP} ${SQL} ${tag}`;
  const active = await createUser(mainPortal(), { groups: [`hostile-${tag}`] });
  const pending = await createUser(mainPortal(), { status: 'pending' });
  const now = new Date().toISOString().replace('Z', '+00:00');
  withDb(mainPortal(), (db) => {
    db.prepare('UPDATE "User" SET "displayName" = ? WHERE "id" IN (?, ?)').run(displayName, active.id, pending.id);
    db.prepare(
      'INSERT INTO "AuditEvent" ("createdAt","type","outcome","actorId","actorName","targetType","targetId","targetName","ip","userAgent","data") VALUES (?,?,?,?,?,?,?,?,?,?,?)',
    ).run(now, 'auth.sign_in', 'failure', active.id, `${MARKUP}${tag}`, 'user', active.id, SQL, '192.0.2.66', MARKUP, JSON.stringify({ note: MARKUP }));
  });
  const groupId = withDb(mainPortal(), (db) => (db.prepare('SELECT "id" FROM "Group" WHERE "name" = ?').get(`hostile-${tag}`) as { id: string }).id);

  const pages = [
    `/admin/users?q=${tag}`,
    `/admin/users/${active.id}`,
    `/admin/groups/${groupId}`,
    '/admin/signups',
    `/admin/audit?user=${encodeURIComponent(active.username)}`,
  ];
  for (const path of pages) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    await expect(page.getByText(tag).filter({ visible: true }).first(), path).toBeVisible();
    // The markup is text on the page, not elements.
    await expect(
      page
        .getByText(/<img src=x onerror=/)
        .filter({ visible: true })
        .first(),
      path,
    ).toBeVisible();
    expect(await page.locator('img[src="x"]').count(), path).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), path).toBeUndefined();
  }
  // And the database is whole.
  expect(withDb(mainPortal(), (db) => (db.prepare('SELECT COUNT(*) AS n FROM "User" WHERE "id" = ?').get(active.id) as { n: number }).n)).toBe(1);
});

test('SQL, LIKE wildcards, markup and template syntax in the search and filter fields match literally', async ({ page }) => {
  // About fifty page loads: on a loaded 2-core CI machine that is more than the default 45 s.
  test.setTimeout(120_000);
  for (const text of SEARCHES) {
    for (const path of [
      `/admin/users?q=${encodeURIComponent(text)}`,
      `/admin/users?q=&group=${encodeURIComponent(text)}`,
      `/admin/audit?user=${encodeURIComponent(text)}&type=${encodeURIComponent(text)}&from=${encodeURIComponent(text)}`,
    ]) {
      const response = await page.goto(path);
      expect(response?.status(), `${path}`).toBe(200);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), path).toBeUndefined();
    }
    // A wildcard or quote never widens a search: only names that contain the text literally.
    // (Control characters are dropped: a search of only those is no search.)
    const literal = text.replace(/[\u0000-\u001f]/g, '').trim();
    await page.goto(`/admin/users?q=${encodeURIComponent(text)}`);
    const rows = page.getByTestId('user-row');
    if (literal) for (const row of await rows.all()) await expect(row).toContainText(literal, { ignoreCase: true });
    else await expect(page.getByText(/ users?$/).first()).not.toContainText('match');
  }
  // The searchbox shows what was typed, as text.
  await page.goto(`/admin/users?q=${encodeURIComponent(MARKUP)}`);
  await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue(MARKUP);
  await page.goto(`/admin/audit?user=${encodeURIComponent(SQL)}`);
  await expect(page.getByLabel('User')).toHaveValue(SQL);
});
