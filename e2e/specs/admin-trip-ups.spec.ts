/**
 * What a new admin tripped over on a phone (issue 14, item 6): at 390 px no admin page scrolls
 * sideways (tables leave out low-priority columns; with every column shown, a wide table scrolls
 * inside its card with a visible cue), the admin sub-navigation shows that it scrolls, and the
 * audit-retention control is one row.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_STATE, createUser, mainPortal, withDb } from '../support/portal';
import { expect, test } from '../support/test';

test.use({ storageState: ADMIN_STATE, viewport: { width: 390, height: 844 } });

/** Every admin page (app/(dashboard)/admin/**\/page.tsx), with a real id where the route has one. */
function adminPaths(ids: { userId: string; groupId: string; ruleId: string | null; outboxId: string | null }): string[] {
  return [
    '/admin',
    '/admin/users',
    '/admin/users/new',
    `/admin/users/${ids.userId}`,
    '/admin/signups',
    '/admin/groups',
    `/admin/groups/${ids.groupId}`,
    '/admin/bans',
    '/admin/rules',
    '/admin/rules/new',
    ...(ids.ruleId ? [`/admin/rules/${ids.ruleId}`] : []),
    '/admin/rules/test',
    '/admin/rules/transfer',
    '/admin/proxy',
    '/admin/paperless',
    '/admin/directory',
    '/admin/audit',
    '/admin/mail',
    '/admin/settings',
    ...(ids.outboxId ? [`/admin/mail/outbox/${ids.outboxId}`] : []),
  ];
}

test('at 390 px no admin page scrolls sideways', async ({ page }) => {
  test.setTimeout(120_000);
  const user = await createUser(mainPortal(), { groups: ['phone-width-e2e'] });
  const { groupId, ruleId } = withDb(mainPortal(), (db) => ({
    groupId: (db.prepare('SELECT "id" FROM "Group" WHERE "name" = ?').get('phone-width-e2e') as { id: string }).id,
    ruleId: (db.prepare('SELECT "id" FROM "AccessRule" ORDER BY "position" LIMIT 1').get() as { id: string } | undefined)?.id ?? null,
  }));
  let outboxId: string | null = null;
  try {
    outboxId = readdirSync(join(mainPortal().db, '..', 'outbox')).find((name) => name.endsWith('.eml')) ?? null;
  } catch {
    outboxId = null;
  }
  const wide: string[] = [];
  for (const path of adminPaths({ userId: user.id, groupId, ruleId, outboxId })) {
    await page.goto(path);
    await expect(page.locator('main').getByRole('heading').first()).toBeVisible();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 390) wide.push(`${path}: ${width} px`);
  }
  expect(wide, 'admin pages wider than the phone').toEqual([]);
});

test('the admin sub-navigation shows that it scrolls, and reaches its last entry', async ({ page }) => {
  await page.goto('/admin');
  const nav = page.getByRole('navigation', { name: 'Admin' });
  const list = nav.getByTestId('admin-nav-scroller');
  expect(await list.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  // At the start only the end fades; scrolled to the end, only the start.
  await expect(nav.getByTestId('admin-nav-fade-end')).toBeVisible();
  await expect(nav.getByTestId('admin-nav-fade-start')).toBeHidden();
  await nav.getByRole('link', { name: 'Settings' }).scrollIntoViewIfNeeded();
  await expect(nav.getByRole('link', { name: 'Settings' })).toBeInViewport();
  await expect(nav.getByTestId('admin-nav-fade-start')).toBeVisible();
  await expect(nav.getByTestId('admin-nav-fade-end')).toBeHidden();
});

test('a wide table, all its columns shown, scrolls inside its card with a visible cue', async ({ page }) => {
  await page.goto('/admin/audit');
  // On a phone the low-priority columns are left out until asked for (phone.spec.ts).
  await page
    .getByRole('checkbox', { name: /Show all \d+ columns/ })
    .first()
    .check();
  const scroller = page.getByTestId('table-scroller').first();
  await expect(scroller).toBeVisible();
  expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  await expect(page.getByTestId('table-scroll-cue').first()).toBeVisible();
});

test('the audit-retention control is one row on a laptop and wraps tidily on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/admin/audit');
  const form = page.getByTestId('retention-form');
  const rowHeight = async () => {
    const tops = await form
      .locator('label, input, button')
      .evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).flatMap((r) => (r.width > 0 ? [Math.round(r.top + r.height / 2)] : [])));
    return Math.max(...tops) - Math.min(...tops);
  };
  expect(await rowHeight()).toBeLessThan(8);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const box = (await form.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(390);
});
