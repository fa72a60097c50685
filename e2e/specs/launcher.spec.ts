/**
 * The home page is a launcher (issue 14, item 3): two users in different groups see exactly the
 * applications the rules let them open — one each, and one for everyone — with what each needs
 * ("… needs a second factor: add one", linking to where one is added), and the same decision as
 * the verify endpoint gives their session. Recent sign-ins are listed; the security page says
 * which applications need a second factor. At 390 px nothing scrolls sideways; light and dark
 * pass the accessibility scan. Applications are rows (with the rules saving one writes) in the
 * main portal, named per run; the spec runs after the specs that count rules, and removes them.
 */
import { randomBytes } from 'node:crypto';
import { AxeBuilder } from '@axe-core/playwright';
import type { APIRequestContext, Page } from '@playwright/test';
import { createUser, mainPortal, sqliteDate, withDb, type TestUser, type TestUserWithFactor } from '../support/portal';
import { anonymousContext, expect, passSecondFactor, signIn, test } from '../support/test';

test.describe.configure({ mode: 'serial' });

const t = randomBytes(3).toString('hex');
const APPS = {
  album: { name: `Album ${t}`, host: `album-${t}.example.test`, subjects: [`group:fam-${t}`], level: 'one_factor' },
  tracker: { name: `Tracker ${t}`, host: `tracker-${t}.example.test`, subjects: [`group:work-${t}`], level: 'one_factor' },
  paperless: { name: `Paperless ${t}`, host: `paperless-${t}.example.test`, subjects: [] as string[], level: 'two_factor' },
} as const;
const appIds: string[] = [];
let fam: TestUser;
let work: TestUserWithFactor;

/** Tells the running portal its rules changed (what saving through the admin pages does), so /api/verify sees these. */
const bumpRulesVersion = () =>
  withDb(mainPortal(), (db) =>
    db
      .prepare(
        `INSERT INTO "Setting" ("key","value","updatedAt") VALUES ('access.rules_version', ?, ?) ON CONFLICT("key") DO UPDATE SET "value" = excluded."value", "updatedAt" = excluded."updatedAt"`,
      )
      .run(`e2e-${t}-${Date.now()}`, sqliteDate(new Date())),
  );

test.beforeAll(async () => {
  fam = await createUser(mainPortal(), { prefix: 'fam', groups: [`fam-${t}`] });
  work = await createUser(mainPortal(), { prefix: 'work', groups: [`work-${t}`], factor: true });
  const now = sqliteDate(new Date());
  withDb(mainPortal(), (db) => {
    const top = db.prepare('SELECT COALESCE(MAX("position"), 0) AS p FROM "AccessRule"').get() as { p: number };
    const appTop = db.prepare('SELECT COALESCE(MAX("position"), 0) AS p FROM "Application"').get() as { p: number };
    let position = top.p;
    Object.values(APPS).forEach((app, i) => {
      const id = `e2eapp${randomBytes(8).toString('hex')}`;
      appIds.push(id);
      db.prepare(
        'INSERT INTO "Application" ("id","slug","name","kind","description","urls","upstream","icon","subjects","level","publicPaths","showOnLauncher","position","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
      ).run(
        id,
        `e2e-${i}-${t}`,
        app.name,
        'generic',
        `Made by launcher.spec ${t}`,
        JSON.stringify([`https://${app.host}`]),
        'http://127.0.0.1:9',
        'builtin:app',
        JSON.stringify(app.subjects),
        app.level,
        '[]',
        1,
        appTop.p + i + 1,
        now,
        now,
      );
      // The rules saving it writes: who may open it at its level, then a deny for everyone else.
      const rule = db.prepare(
        'INSERT INTO "AccessRule" ("id","position","description","domains","paths","methods","subjects","networks","policy","applicationId","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)',
      );
      rule.run(
        `e2erule${randomBytes(8).toString('hex')}`,
        ++position,
        '',
        JSON.stringify([app.host]),
        '[]',
        '[]',
        JSON.stringify(app.subjects.map((s) => [s])),
        '[]',
        app.level,
        id,
        now,
        now,
      );
      if (app.subjects.length)
        rule.run(`e2erule${randomBytes(8).toString('hex')}`, ++position, '', JSON.stringify([app.host]), '[]', '[]', '[]', '[]', 'deny', id, now, now);
    });
  });
  bumpRulesVersion();
});

test.afterAll(() => {
  withDb(mainPortal(), (db) => {
    for (const id of appIds) {
      db.prepare('DELETE FROM "AccessRule" WHERE "applicationId" = ?').run(id);
      db.prepare('DELETE FROM "Application" WHERE "id" = ?').run(id);
    }
  });
  bumpRulesVersion();
});

/** The names of this run's applications on the launcher, in order. */
const tileNames = async (page: Page) => (await page.getByTestId('app-name').allInnerTexts()).filter((name) => name.endsWith(` ${t}`));
const tile = (page: Page, name: string) => page.getByTestId('app-tile').filter({ has: page.getByTestId('app-name').getByText(name, { exact: true }) });

/** What the proxy would be told for a browser with `cookie` opening `host`. */
async function verifyStatus(request: APIRequestContext, host: string, cookie: string): Promise<number> {
  const answer = await request.get('/api/verify', { headers: { 'X-Original-URL': `https://${host}/`, 'X-Original-Method': 'GET', cookie }, maxRedirects: 0 });
  return answer.status();
}

test('a family member sees the family album and the app for everyone, with "add a second factor" for the one that needs it', async ({
  browser,
  playwright,
}) => {
  const context = await anonymousContext(browser, mainPortal().url);
  const page = await context.newPage();
  await signIn(page, fam.username, fam.password);
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  await page.goto('/');
  expect(await tileNames(page)).toEqual([APPS.album.name, APPS.paperless.name]);
  await expect(page.getByText(APPS.tracker.name)).toHaveCount(0);
  await expect(page.getByRole('link', { name: new RegExp(APPS.album.name) })).toHaveAttribute('href', `https://${APPS.album.host}/`);
  await expect(page.getByRole('link', { name: new RegExp(APPS.album.name) })).not.toHaveAttribute('target', /./);
  await expect(tile(page, APPS.album.name)).toContainText('Your sign-in is enough');
  const needs = tile(page, APPS.paperless.name).getByTestId('add-factor');
  await expect(needs).toContainText(`${APPS.paperless.name} needs a second factor: add one`);

  // The same decision as the verify endpoint gives this session.
  const session = (await context.cookies()).find((c) => c.name === 'gatehouse_session')!;
  const proxy = await playwright.request.newContext({ baseURL: mainPortal().url, storageState: { cookies: [], origins: [] } });
  const cookie = `gatehouse_session=${session.value}`;
  await expect.poll(() => verifyStatus(proxy, APPS.album.host, cookie)).toBe(200);
  expect(await verifyStatus(proxy, APPS.tracker.host, cookie)).toBe(403);
  expect(await verifyStatus(proxy, APPS.paperless.host, cookie)).toBe(401);
  await proxy.dispose();

  // Recent sign-ins: this one, by password, in this browser; "not me?" leads to the sessions.
  const signIns = page.getByTestId('sign-in-row');
  await expect(signIns.first()).toContainText('Password');
  await expect(signIns.first()).toContainText(/on Linux/);
  await page.getByRole('link', { name: 'End sessions or sign out everywhere' }).click();
  await expect(page).toHaveURL(/\/security#sessions$/);
  await expect(page.locator('#sessions')).toBeVisible();

  // The security page says which of their applications need a second factor.
  await expect(page.getByTestId('apps-needing-factor')).toContainText(APPS.paperless.name);
  await expect(page.getByTestId('apps-needing-factor')).not.toContainText(APPS.album.name);

  await page.goto('/');
  await needs.getByRole('link', { name: `add one (a second factor, for ${APPS.paperless.name})` }).click();
  await expect(page).toHaveURL(/\/security#second-factors$/);
  await expect(page.getByRole('button', { name: 'Add an authenticator app' })).toBeVisible();
  await context.close();
});

test('a colleague with an authenticator app sees the tracker and the app for everyone; the portal asks for the factor until it is given', async ({
  browser,
}) => {
  const context = await anonymousContext(browser, mainPortal().url);
  const page = await context.newPage();
  await signIn(page, work.username, work.password);
  await expect(page).toHaveURL(/\/sign-in\/second-factor/);
  await page.goto('/');
  expect(await tileNames(page)).toEqual([APPS.tracker.name, APPS.paperless.name]);
  await expect(page.getByText(APPS.album.name)).toHaveCount(0);
  await expect(tile(page, APPS.paperless.name)).toContainText('Needs a second factor: you will be asked for yours when you open it');
  await expect(page.getByTestId('add-factor')).toHaveCount(0);

  await page.goto(`/sign-in/second-factor?rd=${encodeURIComponent('/')}`);
  await passSecondFactor(page, work.totpSecret);
  await page.goto('/');
  expect(await tileNames(page)).toEqual([APPS.tracker.name, APPS.paperless.name]);
  await expect(tile(page, APPS.paperless.name)).toContainText('Needs a second factor: done in this session');
  await context.close();
});

test('at 390 px the launcher is one column with no sideways scroll, and light and dark pass the accessibility scan', async ({ browser }) => {
  for (const colorScheme of ['light', 'dark'] as const) {
    const context = await anonymousContext(browser, mainPortal().url, { viewport: { width: 390, height: 844 }, colorScheme });
    const page = await context.newPage();
    await signIn(page, fam.username, fam.password);
    await expect(page.getByTestId('signed-in-as')).toBeAttached();
    for (const path of ['/', '/security']) {
      await page.goto(path);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
      const scan = await new AxeBuilder({ page }).analyze();
      const serious = scan.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`);
      expect(serious, `${path} (${colorScheme})`).toEqual([]);
    }
    await page.goto('/');
    const boxes = await Promise.all([tile(page, APPS.album.name), tile(page, APPS.paperless.name)].map((l) => l.boundingBox()));
    expect(boxes[0]!.x).toBe(boxes[1]!.x);
    expect(boxes[0]!.width).toBeGreaterThan(300);
    // Keyboard: Tab reaches the tile's link, and the focus shows.
    const link = page.getByRole('link', { name: new RegExp(APPS.album.name) });
    for (let i = 0; i < 40 && !(await link.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    await expect(link).toBeFocused();
    expect(await link.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
    await context.close();
  }
});
