/**
 * Every page, server action and API route the build serves, checked against the assurance
 * model — nothing listed by hand. The build's manifests (e2e/support/build.ts) say what exists;
 * lib/auth/access-table.ts must list each (a new one it does not know fails here), and for two
 * sessions of an admin who has a second factor — one signed in with the password only, one with
 * two factors whose proof is older than sudo mode allows — every page, admin route and action
 * must answer what lib/auth/assurance.ts decides: the page that deals with what is missing (the
 * second-factor step, the re-prove page), a refusal naming it, or no refusal at all.
 * Also: no action body, however malformed, makes the portal answer 5xx.
 */
import type { APIRequestContext } from '@playwright/test';
import { ENROLL_MESSAGE, NOT_ADMIN_MESSAGE, SECOND_FACTOR_MESSAGE, SESSION_ENDED_MESSAGE, SUDO_MESSAGE } from '../../lib/actions/refusals';
import { ACTIONS, PAGES, ROUTES } from '../../lib/auth/access-table';
import { judgeAccess, type AssuranceSettings, type AssuranceSubject, type AssuranceVerdict, type Requirement } from '../../lib/auth/assurance';
import { assuranceRedirect } from '../../lib/auth/assurance-paths';
import { builtActions, builtAppPaths, callFormAction, urlOf, type BuiltAction } from '../support/build';
import { createUser, mainPortal, setFactorProof, withDb } from '../support/portal';
import { anonymousContext, expect, signIn, signInWithFactor, test } from '../support/test';

const NO_COOKIES = { cookies: [], origins: [] };
/** The e2e portal runs with the defaults: admins must use a second factor, sudo mode lasts 10 minutes. */
const SETTINGS: AssuranceSettings = { adminsMustUseSecondFactor: true, sudoTtlMs: 10 * 60_000 };
/** Older than any sudo TTL the configuration allows (at most 12 hours). */
const STALE_MS = 13 * 3_600_000;
const REFUSALS = [SESSION_ENDED_MESSAGE, NOT_ADMIN_MESSAGE, SECOND_FACTOR_MESSAGE, ENROLL_MESSAGE, SUDO_MESSAGE];
const ASSURANCE_PAGE = /^\/(sign-in|reauth|security\?required=)/;

const actionKey = (a: BuiltAction) => `${a.filename}#${a.name}`;
/** Any page the action is bundled with routes it; prefer one without a made-up id. */
const routeOf = (a: BuiltAction) => urlOf([...a.workers].sort((x, y) => Number(x.includes('[')) - Number(y.includes('[')))[0]!).url;
/** A Location header as a portal path with its query ('' when there is none). */
function pathOf(location: string | undefined): string {
  if (!location) return '';
  const url = new URL(location, 'http://portal.invalid');
  return url.pathname + url.search;
}

test('every page, action and API route in the build is in the access table, and the table lists nothing the build lacks', () => {
  const paths = builtAppPaths();
  const actions = builtActions().map(actionKey);
  const missing = [
    ...paths.filter((p) => p.endsWith('/page') && !(p in PAGES)).map((p) => `page ${p}`),
    ...paths.filter((p) => p.endsWith('/route') && !(p in ROUTES)).map((p) => `route ${p}`),
    ...actions.filter((a) => !(a in ACTIONS)).map((a) => `action ${a}`),
  ];
  expect(missing, 'served by the build but not in lib/auth/access-table.ts').toEqual([]);
  const stale = [...Object.keys(PAGES), ...Object.keys(ROUTES)]
    .filter((k) => !paths.includes(k))
    .concat(Object.keys(ACTIONS).filter((k) => !actions.includes(k)));
  expect(stale, 'in lib/auth/access-table.ts but not in the build').toEqual([]);
  expect(paths.length + actions.length).toBeGreaterThan(90);
});

test('a password-only session and a stale two-factor session of an admin with a factor meet exactly what the model says, everywhere', async ({
  browser,
  playwright,
}) => {
  test.setTimeout(240_000);
  const portal = mainPortal();
  const admin = await createUser(portal, { groups: ['admins'], factor: true, prefix: 'enum' });
  const cookieFrom = async (twoFactors: boolean) => {
    const context = await anonymousContext(browser, portal.url);
    const page = await context.newPage();
    if (twoFactors) {
      await signInWithFactor(page, admin);
      await expect(page.getByTestId('signed-in-as')).toBeVisible();
    } else {
      await signIn(page, admin.username, admin.password);
      await expect(page).toHaveURL(/\/sign-in\/second-factor/);
    }
    const cookie = (await context.cookies()).find((c) => c.name === 'gatehouse_session')!;
    await context.close();
    return `gatehouse_session=${cookie.value}`;
  };
  const onePassword = await cookieFrom(false);
  const twoStale = await cookieFrom(true);
  // Age the two-factor session's proof (the password-only one has none to age).
  expect(setFactorProof(portal, admin.id, new Date(Date.now() - STALE_MS))).toBe(1);
  const now = new Date();
  const sessions: { name: string; cookie: string; subject: AssuranceSubject }[] = [
    {
      name: 'password only',
      cookie: onePassword,
      subject: { level: 'one_factor', hasFactor: true, isAdmin: true, factorProvenAt: null, passwordProvenAt: now },
    },
    {
      name: 'two factors, stale',
      cookie: twoStale,
      subject: {
        level: 'two_factor',
        hasFactor: true,
        isAdmin: true,
        factorProvenAt: new Date(now.getTime() - STALE_MS),
        passwordProvenAt: new Date(now.getTime() - STALE_MS),
      },
    },
  ];
  const groupId = withDb(portal, (db) => (db.prepare(`SELECT "id" FROM "Group" WHERE "name" = 'admins'`).get() as { id: string }).id);
  const params = { userId: admin.id, groupId };
  const paths = builtAppPaths();
  const pages = paths.filter((p) => p.endsWith('/page') && PAGES[p as keyof typeof PAGES] !== 'public');
  const routes = paths.filter((p) => p.endsWith('/route') && ROUTES[p as keyof typeof ROUTES] !== 'public');
  const actions = builtActions().filter((a) => ACTIONS[actionKey(a) as keyof typeof ACTIONS] !== 'public');
  expect(pages.length).toBeGreaterThan(25);
  expect(routes.length).toBeGreaterThanOrEqual(4);
  expect(actions.length).toBeGreaterThan(45);

  const problems: string[] = [];
  let checked = 0;
  for (const { name, cookie, subject } of sessions) {
    const api: APIRequestContext = await playwright.request.newContext({ baseURL: portal.url, extraHTTPHeaders: { cookie }, storageState: NO_COOKIES });
    const verdictOf = (requirement: Requirement): AssuranceVerdict => judgeAccess(requirement, subject, SETTINGS, now);
    try {
      for (const path of [...pages, ...routes]) {
        const isPage = path.endsWith('/page');
        const requirement: Requirement = isPage ? PAGES[path as keyof typeof PAGES] : ROUTES[path as keyof typeof ROUTES];
        const { url, madeUp } = urlOf(path, params);
        const verdict = verdictOf(requirement);
        const response = await api.get(url, { maxRedirects: 0 });
        const status = response.status();
        const location = pathOf(response.headers().location);
        checked++;
        if (status >= 500) {
          problems.push(`[${name}] GET ${url} (${requirement}): ${status}`);
        } else if (verdict.ok) {
          if (ASSURANCE_PAGE.test(location) || (status === 404 && !madeUp))
            problems.push(`[${name}] GET ${url} (${requirement}) should be allowed: ${status} ${location}`);
        } else {
          const want = verdict.need === 'sign-in' || verdict.need === 'not-found' ? null : assuranceRedirect(verdict.need, url);
          const got = want === null ? String(status) : location;
          if (got !== (want ?? '404')) problems.push(`[${name}] GET ${url} (${requirement}) should go to ${want ?? '404'}: ${status} ${location}`);
        }
      }
      for (const action of actions) {
        const requirement: Requirement = ACTIONS[actionKey(action) as keyof typeof ACTIONS];
        const verdict = verdictOf(requirement);
        // No fields at all: the assurance check answers before the input is looked at.
        const body = await (await callFormAction(api, routeOf(action), action, portal.url)).text();
        checked++;
        const refusedWith = REFUSALS.filter((m) => body.includes(m));
        const want = verdict.ok
          ? []
          : [
              verdict.need === 'sudo'
                ? SUDO_MESSAGE
                : verdict.need === 'second-factor'
                  ? SECOND_FACTOR_MESSAGE
                  : verdict.need === 'enroll-factor'
                    ? ENROLL_MESSAGE
                    : NOT_ADMIN_MESSAGE,
            ];
        if (JSON.stringify(refusedWith) !== JSON.stringify(want))
          problems.push(`[${name}] ${actionKey(action)} (${requirement}): refused with ${JSON.stringify(refusedWith)}, expected ${JSON.stringify(want)}`);
      }
    } finally {
      await api.dispose();
    }
  }
  expect(problems).toEqual([]);
  expect(checked).toBe(2 * (pages.length + routes.length + actions.length));
  // The password-only session and the stale one each were refused somewhere, and allowed somewhere.
  for (const { subject } of sessions) {
    const verdicts = Object.values(ACTIONS).map((r) => judgeAccess(r, subject, SETTINGS, now).ok);
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
  }
});

test('no server action answers 5xx to a malformed body: an empty argument list, null, JSON, a form without its argument list', async ({ playwright }) => {
  const portal = mainPortal();
  const api = await playwright.request.newContext({ baseURL: portal.url, storageState: NO_COOKIES });
  const problems: string[] = [];
  try {
    for (const action of builtActions()) {
      const url = routeOf(action);
      const headers = { 'Next-Action': action.id, Origin: portal.url, Accept: 'text/x-component' };
      const bodies: [string, Parameters<APIRequestContext['post']>[1], number | null][] = [
        ['[]', { headers: { ...headers, 'Content-Type': 'text/plain;charset=UTF-8' }, data: '[]' }, null],
        ['null', { headers: { ...headers, 'Content-Type': 'text/plain;charset=UTF-8' }, data: 'null' }, 400],
        ['JSON object', { headers: { ...headers, 'Content-Type': 'application/json' }, data: '{"login":"x"}' }, 400],
        ['a reference to nothing', { headers: { ...headers, 'Content-Type': 'text/plain;charset=UTF-8' }, data: '["$Q1"]' }, 400],
        ['multipart without part 0', { headers, multipart: { '1_login': 'x' } }, 400],
      ];
      for (const [label, options, want] of bodies) {
        const response = await api.post(url, { ...options, maxRedirects: 0 });
        const status = response.status();
        if (status >= 500 || (want !== null && status !== want)) problems.push(`${actionKey(action)} with ${label}: ${status}`);
      }
    }
  } finally {
    await api.dispose();
  }
  expect(problems).toEqual([]);
});
