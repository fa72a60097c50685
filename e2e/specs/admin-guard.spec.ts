/**
 * Every admin page and every admin action checks admin rights on the server, whatever the
 * browser shows. Nothing here is listed by hand: the actions come from the build's server
 * reference manifest and the pages and admin API routes from its app paths manifest, so an
 * action or page added later is covered without touching this file. A signed-in ordinary user
 * calls each admin action directly (the request a browser would send, with no form fields) and
 * must be told "Only administrators can do this." — the rights check runs before the input is
 * parsed (lib/actions/safe-action.ts) — and leaves no trace in the audit log but their sign-in.
 * Each admin page answers that user 404, as does each admin API route; an admin, as a control,
 * gets 200 on the same addresses.
 */
import type { APIRequestContext, Browser } from '@playwright/test';
import { builtActions, builtAppPaths, callFormAction, urlOf } from '../support/build';
import { ADMIN_STATE, createUser, mainPortal, withDb } from '../support/portal';
import { anonymousContext, expect, signIn, test } from '../support/test';

/** Admin actions whose code lives outside app/(dashboard)/admin/ (shared with a user page). */
const ADMIN_ACTIONS_ELSEWHERE = [
  { name: 'resetFactorsAction', filename: 'app/(dashboard)/security/factor-actions.ts' },
  { name: 'adminRevokeDeviceTokenAction', filename: 'app/(dashboard)/tokens/actions.ts' },
];

function adminActions() {
  const all = builtActions();
  const elsewhere = (a: { name: string; filename: string }) => ADMIN_ACTIONS_ELSEWHERE.some((e) => e.name === a.name && e.filename === a.filename);
  for (const extra of ADMIN_ACTIONS_ELSEWHERE) {
    expect(
      all.filter((a) => a.name === extra.name && a.filename === extra.filename),
      `${extra.name} in ${extra.filename} is in the build`,
    ).toHaveLength(1);
  }
  return all.filter((a) => a.filename.startsWith('app/(dashboard)/admin/') || elsewhere(a));
}

/** Request contexts inherit the project's `use` options, a saved admin session included: start them empty. */
const NO_COOKIES = { cookies: [], origins: [] };

async function signedInUser(browser: Browser) {
  const user = await createUser(mainPortal(), { prefix: 'notadmin' });
  const context = await anonymousContext(browser, mainPortal().url);
  const page = await context.newPage();
  await signIn(page, user.username, user.password);
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  const cookie = (await context.cookies()).find((c) => c.name === 'gatehouse_session');
  expect(cookie, 'the sign-in set the session cookie').toBeDefined();
  await context.close();
  return { user, cookie: `gatehouse_session=${cookie!.value}` };
}

test('every admin action in the build refuses a signed-in non-admin before reading the input, and logs nothing', async ({ browser, playwright }) => {
  const actions = adminActions();
  expect(actions.length, 'admin actions found in the build').toBeGreaterThanOrEqual(30);
  const { user, cookie } = await signedInUser(browser);
  const portal = mainPortal();
  const api = await playwright.request.newContext({ baseURL: portal.url, extraHTTPHeaders: { cookie }, storageState: NO_COOKIES });
  const failures: string[] = [];
  try {
    for (const action of actions) {
      // Any page the action is bundled with routes it; prefer one without a made-up id.
      const worker = [...action.workers].sort((a, b) => Number(a.includes('[')) - Number(b.includes('[')))[0]!;
      const { url } = urlOf(worker);
      // No fields at all: the rights check must answer before the input is looked at.
      const response = await callFormAction(api, url, action, portal.url);
      const body = await response.text();
      if (!body.includes('Only administrators can do this.')) {
        failures.push(`${action.name} (${action.filename}) via POST ${url}: ${response.status()} ${JSON.stringify(body.slice(0, 200))}`);
      }
    }
  } finally {
    await api.dispose();
  }
  expect(failures, `admin actions a non-admin was not refused (of ${actions.length})`).toEqual([]);

  const traces = withDb(portal, (db) =>
    db.prepare(`SELECT "type", "outcome" FROM "AuditEvent" WHERE ("actorId" = ? OR "targetId" = ?) AND "type" <> 'auth.sign_in'`).all(user.id, user.id),
  );
  expect(traces, 'audit events naming the non-admin other than the sign-in').toEqual([]);
});

test('every admin page and admin API route answers a signed-in non-admin 404; an admin gets 200', async ({ browser, playwright }) => {
  const { user, cookie } = await signedInUser(browser);
  const portal = mainPortal();
  const adminsGroup = withDb(portal, (db) => (db.prepare(`SELECT "id" FROM "Group" WHERE "name" = 'admins'`).get() as { id: string }).id);
  // Real ids where a page takes one, so the 404 is about rights and not about a missing record.
  const params = { userId: user.id, groupId: adminsGroup };
  const paths = builtAppPaths();
  const pages = paths.filter((p) => p.startsWith('/(dashboard)/admin') && p.endsWith('/page'));
  const routes = paths.filter((p) => p.startsWith('/api/admin') && p.endsWith('/route'));
  expect(pages.length, 'admin pages in the build').toBeGreaterThanOrEqual(15);
  expect(routes.length, 'admin API routes in the build').toBeGreaterThanOrEqual(3);

  const asUser = await playwright.request.newContext({ baseURL: portal.url, extraHTTPHeaders: { cookie }, storageState: NO_COOKIES });
  const asAdmin = await playwright.request.newContext({ baseURL: portal.url, storageState: ADMIN_STATE });
  const status = async (api: APIRequestContext, url: string) => (await api.get(url, { maxRedirects: 0 })).status();
  const seen: string[] = [];
  const expected: string[] = [];
  try {
    for (const path of [...pages, ...routes]) {
      const { url, madeUp } = urlOf(path, params);
      // Every admin route handler answers anyone else a plain 404, like the pages (not 403: it
      // does not tell a non-admin the address exists).
      seen.push(`${url} → non-admin ${await status(asUser, url)}`);
      expected.push(`${url} → non-admin 404`);
      if (!madeUp) {
        seen.push(`${url} → admin ${await status(asAdmin, url)}`);
        expected.push(`${url} → admin 200`);
      }
    }
  } finally {
    await asUser.dispose();
    await asAdmin.dispose();
  }
  expect(seen).toEqual(expected);
});

test('an anonymous visitor to an admin page is sent to sign-in', async ({ browser }) => {
  const context = await anonymousContext(browser, mainPortal().url);
  const page = await context.newPage();
  await page.goto('/admin/users');
  await expect(page).toHaveURL(/\/sign-in\?rd=%2Fadmin%2Fusers$/);
  await context.close();
});
