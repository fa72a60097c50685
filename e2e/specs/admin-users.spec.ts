/**
 * The admin's user page and groups page: find a user by group, edit their groups (and be told,
 * not overwritten, when another admin got there first), disable them and watch their open session
 * stop working — in the portal and at the verify endpoint a proxy asks, where it stays refused
 * after the user is enabled again — delete with a typed confirmation; groups created, renamed,
 * and not deleted while a rule names them. Hostile input is inert, another entity's id is not
 * found, and a non-admin replaying an admin's request is refused.
 */
import { replayAsNonAdmin } from '../support/replay';
import { randomBytes } from 'node:crypto';
import { ADMIN_STATE, createUser, mainPortal, withDb } from '../support/portal';
import { anonymousContext, capturePost, expect, signIn, test } from '../support/test';

const tag = () => randomBytes(3).toString('hex');
const rows = (page: import('@playwright/test').Page) => page.getByTestId('rule-row');
const groupsOf = (userId: string) =>
  withDb(mainPortal(), (db) =>
    (
      db.prepare('SELECT g."name" AS name FROM "UserGroup" ug JOIN "Group" g ON g."id" = ug."groupId" WHERE ug."userId" = ? ORDER BY g."name"').all(userId) as {
        name: string;
      }[]
    ).map((r) => r.name),
  );

test.describe('as the admin', () => {
  test.use({ storageState: ADMIN_STATE });

  test('find a user by group, edit their groups, refuse a stale form, disable them and end their open session', async ({ page, browser, context }) => {
    const t = tag();
    const user = await createUser(mainPortal(), { groups: [`team-${t}`] });
    const person = await anonymousContext(browser, mainPortal().url);
    const p = await person.newPage();
    await signIn(p, user.username, user.password);
    await expect(p.getByTestId('signed-in-as')).toBeVisible();

    await page.goto('/admin/users');
    await page.getByLabel('Group').selectOption(`team-${t}`);
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(new RegExp(`group=team-${t}`));
    await expect(page.getByTestId('user-row')).toHaveCount(1);
    await page.getByRole('link', { name: user.displayName }).click();
    await expect(page.getByTestId('user-heading')).toContainText(user.username);
    await expect(page.getByText(user.email)).toBeVisible();
    await expect(page.getByTestId('user-sessions')).toContainText('One factor');

    // A second admin tab opened on the same user before the first saves.
    const stale = await context.newPage();
    await stale.goto(page.url());

    const form = page.getByRole('form', { name: `Groups of ${user.username}` });
    await form.getByLabel('Groups').fill(`team-${t}, photos-${t}`);
    await form.getByRole('button', { name: 'Save groups' }).click();
    await expect(form.getByTestId('form-message')).toContainText(`Saved the groups of ${user.username}: photos-${t}, team-${t}.`);
    expect(groupsOf(user.id)).toEqual([`photos-${t}`, `team-${t}`]);

    const staleForm = stale.getByRole('form', { name: `Groups of ${user.username}` });
    await staleForm.getByLabel('Groups').fill('');
    await staleForm.getByRole('button', { name: 'Save groups' }).click();
    await expect(staleForm.getByTestId('form-message')).toContainText(
      `Another admin changed the groups of ${user.username} meanwhile: they are now photos-${t}, team-${t}. Nothing was changed`,
    );
    expect(groupsOf(user.id)).toEqual([`photos-${t}`, `team-${t}`]);
    await stale.close();

    // Script in a group name is refused, not stored.
    await form.getByLabel('Groups').fill('<script>alert(1)</script>');
    await form.getByRole('button', { name: 'Save groups' }).click();
    await expect(page.locator('#field-groups-error')).toBeVisible();

    await page.getByRole('button', { name: `Disable ${user.username}` }).click();
    const dialog = page.getByRole('alertdialog', { name: `Disable ${user.username}?` });
    await expect(dialog).toContainText(user.username);
    await dialog.getByRole('button', { name: `Disable ${user.username}` }).click();
    await expect(page.getByText(`${user.username} is disabled: 1 session ended`)).toBeVisible();
    await expect(page.getByTestId('user-status')).toContainText('disabled');
    await expect(page.getByTestId('user-status')).toContainText('by ');

    // Their open session is over: the next page load goes to sign-in.
    await p.reload();
    await expect(p).toHaveURL(/\/sign-in/);
    await person.close();
  });

  test('disabling a user stops their open session at the verify endpoint; enabling them again does not revive it', async ({ page, browser, playwright }) => {
    const t = tag();
    const user = await createUser(mainPortal(), { prefix: 'verified' });
    // An app that needs one factor: a rule added through the admin pages (the default policy is deny).
    const host = `app-${t}.example.test`;
    const description = `Verify ${t}`;
    await page.goto('/admin/rules');
    await page.getByRole('link', { name: 'Add rule' }).click();
    await page.getByLabel('Description (optional)').fill(description);
    await page.getByLabel('Domains').fill(host);
    await page.getByRole('radio', { name: /one factor/ }).check();
    await page.getByRole('button', { name: 'Add rule' }).click();
    await expect(page.getByText('Rule added.')).toBeVisible();

    // What nginx's auth_request sends: the original URL, and the browser's cookie when it has one.
    // (An empty storage state: request contexts would otherwise inherit this describe's admin session.)
    const proxy = await playwright.request.newContext({ baseURL: mainPortal().url, storageState: { cookies: [], origins: [] } });
    const verify = (cookie?: string) =>
      proxy.get('/api/verify', { headers: { 'X-Original-URL': `http://${host}/`, ...(cookie ? { cookie } : {}) }, maxRedirects: 0 });
    const anonymous = await verify();
    expect(anonymous.status()).toBe(401);
    expect(anonymous.headers()['remote-user']).toBeUndefined();

    const person = await anonymousContext(browser, mainPortal().url);
    const p = await person.newPage();
    await signIn(p, user.username, user.password);
    await expect(p.getByTestId('signed-in-as')).toBeVisible();
    const session = (await person.cookies()).find((c) => c.name === 'gatehouse_session')!;
    const cookie = `gatehouse_session=${session.value}`;
    const allowed = await verify(cookie);
    expect(allowed.status()).toBe(200);
    expect(allowed.headers()['remote-user']).toBe(user.username);

    await page.goto(`/admin/users/${user.id}`);
    await page.getByRole('button', { name: `Disable ${user.username}` }).click();
    const dialog = page.getByRole('alertdialog', { name: `Disable ${user.username}?` });
    await dialog.getByRole('button', { name: `Disable ${user.username}` }).click();
    await expect(page.getByText(`${user.username} is disabled: 1 session ended`)).toBeVisible();

    // The same call the proxy makes for the open session is now refused, at once.
    const refused = await verify(cookie);
    expect(refused.status()).toBe(401);
    expect(refused.headers()['remote-user']).toBeUndefined();
    await p.reload();
    await expect(p).toHaveURL(/\/sign-in/);

    // Enabled again, the account can sign in anew, but the session that was open is gone for good.
    await page.getByRole('button', { name: `Enable ${user.username}` }).click();
    await expect(page.getByText(`${user.username} is active again.`)).toBeVisible();
    await expect(page.getByTestId('user-status')).toContainText('active');
    const stillRefused = await verify(cookie);
    expect(stillRefused.status()).toBe(401);
    expect(stillRefused.headers()['remote-user']).toBeUndefined();
    await signIn(p, user.username, user.password);
    await expect(p.getByTestId('signed-in-as')).toBeVisible();
    const fresh = (await person.cookies()).find((c) => c.name === 'gatehouse_session')!;
    expect(fresh.value).not.toBe(session.value);
    expect((await verify(`gatehouse_session=${fresh.value}`)).headers()['remote-user']).toBe(user.username);
    expect((await verify(cookie)).status()).toBe(401);
    await person.close();
    await proxy.dispose();

    await page.goto('/admin/rules');
    await rows(page)
      .filter({ hasText: description })
      .getByRole('button', { name: /^Delete rule \d+$/ })
      .click();
    await page
      .getByRole('alertdialog')
      .getByRole('button', { name: /^Delete rule #\d+$/ })
      .click();
    await expect(rows(page).filter({ hasText: description })).toHaveCount(0);
  });

  test('delete a user with the typed confirmation; the audit trail keeps their name', async ({ page }) => {
    const user = await createUser(mainPortal());
    await page.goto(`/admin/users/${user.id}`);
    await page.getByRole('button', { name: `Delete ${user.username}…` }).click();
    const dialog = page.getByRole('alertdialog', { name: `Delete ${user.username}?` });
    await dialog.getByLabel(`Type ${user.username} to confirm`).fill('someone-else');
    await dialog.getByRole('button', { name: `Delete ${user.username}` }).click();
    await expect(page.locator('#field-confirmUsername-error')).toContainText(`Type the username ${user.username} exactly`);
    expect(withDb(mainPortal(), (db) => (db.prepare('SELECT COUNT(*) AS n FROM "User" WHERE "id" = ?').get(user.id) as { n: number }).n)).toBe(1);

    await dialog.getByLabel(`Type ${user.username} to confirm`).fill(user.username);
    await dialog.getByRole('button', { name: `Delete ${user.username}` }).click();
    await expect(page.getByTestId('form-message')).toContainText(`${user.username} is deleted`);
    expect(withDb(mainPortal(), (db) => (db.prepare('SELECT COUNT(*) AS n FROM "User" WHERE "id" = ?').get(user.id) as { n: number }).n)).toBe(0);
    const event = withDb(
      mainPortal(),
      (db) => db.prepare(`SELECT "targetName" FROM "AuditEvent" WHERE "type" = 'user.deleted' AND "targetId" = ?`).get(user.id) as { targetName: string },
    );
    expect(event.targetName).toBe(user.username);
    const gone = await page.goto(`/admin/users/${user.id}`);
    expect(gone?.status()).toBe(404);
  });

  test('hostile input is inert and another entity id is not found', async ({ page }) => {
    await page.goto(`/admin/users?q=${encodeURIComponent("' OR 1=1 --")}`);
    await expect(page.getByText('No user matches this search.')).toBeVisible();
    await page.goto(`/admin/users?q=${encodeURIComponent('<script>alert(1)</script>')}`);
    await expect(page.getByText('No user matches this search.')).toBeVisible();
    await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue('<script>alert(1)</script>');

    const groupId = withDb(mainPortal(), (db) => (db.prepare(`SELECT "id" FROM "Group" WHERE "name" = 'admins'`).get() as { id: string }).id);
    expect((await page.goto(`/admin/users/${groupId}`))?.status()).toBe(404);
    const user = await createUser(mainPortal());
    expect((await page.goto(`/admin/groups/${user.id}`))?.status()).toBe(404);

    await page.goto('/admin/groups');
    const create = page.getByRole('form', { name: 'New group' });
    await create.getByLabel('Name').fill('<script>alert(1)</script>');
    await create.getByRole('button', { name: 'Create group' }).click();
    await expect(page.locator('#field-name-error')).toContainText('Group names use letters');
    expect(withDb(mainPortal(), (db) => (db.prepare(`SELECT COUNT(*) AS n FROM "Group" WHERE "name" LIKE '%<%'`).get() as { n: number }).n)).toBe(0);
  });

  test('groups: create, rename, a rule blocks deleting, then delete confirmed with the member count', async ({ page }) => {
    const t = tag();
    await page.goto('/admin/groups');
    const create = page.getByRole('form', { name: 'New group' });
    await create.getByLabel('Name').fill(`club-${t}`);
    await create.getByRole('button', { name: 'Create group' }).click();
    await expect(create.getByTestId('form-message')).toContainText(`Created the group club-${t}.`);
    await page.reload();
    await page.getByRole('link', { name: `club-${t}`, exact: true }).click();
    await expect(page.getByTestId('group-heading')).toHaveText(`club-${t}`);

    await page.getByLabel('New name').fill(`society-${t}`);
    await page.getByRole('button', { name: 'Rename' }).click();
    await expect(page.getByTestId('form-message')).toContainText(`Renamed club-${t} to society-${t}.`);
    await expect(page.getByTestId('group-heading')).toHaveText(`society-${t}`);

    // A member, and a rule naming the group (inserted directly, removed at once: the rules specs share this list).
    const member = await createUser(mainPortal(), { groups: [`society-${t}`] });
    const ruleId = `e2erule${t}`;
    withDb(mainPortal(), (db) => {
      const position = ((db.prepare('SELECT MAX("position") AS p FROM "AccessRule"').get() as { p: number | null }).p ?? 0) + 1;
      const now = new Date().toISOString().replace('Z', '+00:00');
      db.prepare(
        'INSERT INTO "AccessRule" ("id","position","description","domains","paths","methods","subjects","networks","policy","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?,?,?,?,?)',
      ).run(ruleId, position, `society ${t}`, '["society.invalid"]', '[]', '[]', JSON.stringify([[`group:society-${t}`]]), '[]', 'deny', now, now);
    });
    try {
      await page.reload();
      await expect(page.getByTestId('group-member')).toContainText(member.username);
      await expect(page.getByTestId('delete-blocked')).toContainText(`society-${t} cannot be deleted while access rules name it`);
      await expect(page.getByTestId('delete-blocked')).toContainText(`(society ${t})`);
      await expect(page.getByRole('button', { name: `Delete society-${t}` })).toHaveCount(0);
    } finally {
      withDb(mainPortal(), (db) => db.prepare('DELETE FROM "AccessRule" WHERE "id" = ?').run(ruleId));
    }

    await page.reload();
    await page.getByRole('button', { name: `Delete society-${t}` }).click();
    const dialog = page.getByRole('alertdialog', { name: `Delete the group society-${t}?` });
    await expect(dialog).toContainText('Its 1 member leaves it');
    await dialog.getByRole('button', { name: `Delete society-${t}` }).click();
    await expect(page.getByText(`Deleted the group society-${t} (it had 1 member).`)).toBeVisible();
    expect(groupsOf(member.id)).toEqual([]);
  });

  test('admins can be neither renamed nor deleted', async ({ page }) => {
    await page.goto('/admin/groups');
    await page.getByRole('link', { name: 'admins', exact: true }).click();
    await expect(page.getByText('The admins group gives admin rights: it cannot be renamed or deleted.')).toBeVisible();
    await expect(page.getByLabel('New name')).toHaveCount(0);
  });
});

test("an admin's edit-groups request replayed with a non-admin session is refused and changes nothing", async ({ browser, playwright }) => {
  const target = await createUser(mainPortal(), { groups: ['family'] });
  const adminContext = await browser.newContext({ baseURL: mainPortal().url, storageState: ADMIN_STATE });
  const adminPage = await adminContext.newPage();
  await adminPage.goto(`/admin/users/${target.id}`);
  const form = adminPage.getByRole('form', { name: `Groups of ${target.username}` });
  await form.getByLabel('Groups').fill('family, admins');
  const captured = await capturePost(adminPage, `**/admin/users/${target.id}`, () => form.getByRole('button', { name: 'Save groups' }).click());
  await adminContext.close();

  expect(await replayAsNonAdmin(browser, playwright, `/admin/users/${target.id}`, captured)).toContain('Only administrators can do this.');
  expect(groupsOf(target.id)).toEqual(['family']);
});

test("an admin's delete-user request replayed with a non-admin session is refused and deletes nothing", async ({ browser, playwright }) => {
  const target = await createUser(mainPortal());
  const adminContext = await browser.newContext({ baseURL: mainPortal().url, storageState: ADMIN_STATE });
  const adminPage = await adminContext.newPage();
  await adminPage.goto(`/admin/users/${target.id}`);
  await adminPage.getByRole('button', { name: `Delete ${target.username}…` }).click();
  const dialog = adminPage.getByRole('alertdialog', { name: `Delete ${target.username}?` });
  await dialog.getByLabel(`Type ${target.username} to confirm`).fill(target.username);
  const captured = await capturePost(adminPage, `**/admin/users/${target.id}`, () => dialog.getByRole('button', { name: `Delete ${target.username}` }).click());
  await adminContext.close();

  // The target themself, signed in, replays it against their own account.
  expect(await replayAsNonAdmin(browser, playwright, `/admin/users/${target.id}`, captured, target)).toContain('Only administrators can do this.');
  expect(withDb(mainPortal(), (db) => (db.prepare('SELECT COUNT(*) AS n FROM "User" WHERE "id" = ?').get(target.id) as { n: number }).n)).toBe(1);
});
