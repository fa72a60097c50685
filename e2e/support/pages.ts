/**
 * Every page of the portal, in one list, with how a test reaches it: who is signed in, what data
 * must exist first, and (for pages a plain visit cannot open) how to get there. The accessibility,
 * phone-width, dark-mode and keyboard specs iterate over this list, so a new page is one entry
 * here and every one of those checks covers it.
 *
 * Adding a page: one line in PAGES, e.g.
 *   { name: 'admin applications', who: 'admin', path: '/admin/applications', action: link('New application') },
 * A page under an id takes the id from PageData (add the id to preparePageData when it is new).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { linkIn, waitForMail } from './mailbox';
import { seedConsentWithGrant, seedInteraction, seedOidcClient } from './oidc-seed';
import { ADMIN_STATE, createUser, mainPortal, sqliteDate, withDb, type TestUser } from './portal';
import { anonymousContext, expect, signIn } from './test';

/** Who is signed in: nobody, a fresh user without a second factor, or the setup admin (sudo fresh). */
export type Who = 'anonymous' | 'user' | 'admin';

/** The control a visitor comes to the page for; the phone spec checks it is visible at 390 px. */
export type MainAction = { role: 'button' | 'link' | 'textbox' | 'heading'; name: string | RegExp };

export type PageData = { userId: string; groupId: string; ruleId: string; outboxId: string; passwordToken: () => string };

export type PortalPage = {
  /** Unique: test titles and the known-violation lists use it. */
  name: string;
  who: Who;
  /** Where to go; ignored when `open` is given. */
  path?: string | ((data: PageData) => string);
  /** For pages behind a step (a mailed link, a form): gets there in `page`, signed in as `who`. */
  open?: (page: Page, data: PageData, user: TestUser | null) => Promise<void>;
  action: MainAction;
  /** Holds admin tables, which at phone width must fit without sideways scrolling. */
  tables?: boolean;
};

const button = (name: string | RegExp): MainAction => ({ role: 'button', name });
const link = (name: string | RegExp): MainAction => ({ role: 'link', name });
const heading = (name: string | RegExp): MainAction => ({ role: 'heading', name });

/** Opens a factor-adding page the way a user does: the Security page mails a device link, the link opens it. */
function throughDeviceLink(buttonName: string, subject: RegExp, landing: RegExp) {
  return async (page: Page, _data: PageData, user: TestUser | null) => {
    if (!user) throw new Error('a device link needs a signed-in user');
    await page.goto('/security');
    await page.getByRole('button', { name: buttonName }).click();
    await expect(page.getByText(`We emailed a link to ${user.email}`)).toBeVisible();
    await page.goto(linkIn(await waitForMail(user.email, { subject }), '/device/'));
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page).toHaveURL(landing);
  };
}

export const PAGES: PortalPage[] = [
  // Signed out.
  { name: 'sign-in', who: 'anonymous', path: '/sign-in', action: button('Sign in') },
  {
    name: 'sign-in second factor',
    who: 'anonymous',
    open: async (page) => {
      const user = await createUser(mainPortal(), { factor: true, prefix: 'a11y2fa' });
      await signIn(page, user.username, user.password);
      await expect(page).toHaveURL(/\/sign-in\/second-factor/);
    },
    action: button('Continue'),
  },
  { name: 'sign-in problem', who: 'anonymous', path: '/sign-in/problem', action: link(/sign-in/i) },
  { name: 'sign-in waiting', who: 'anonymous', path: '/sign-in/waiting', action: link('Back to sign-in') },
  { name: 'setup link (not valid)', who: 'anonymous', path: `/setup/${'x'.repeat(43)}`, action: heading(/not valid|Setup is complete/) },
  { name: 'password link', who: 'anonymous', path: (d) => `/password/${d.passwordToken()}`, action: button(/password/i) },
  { name: 'password link (not valid)', who: 'anonymous', path: `/password/${'x'.repeat(43)}`, action: heading(/not valid/) },
  // Signed out, /logout sends the visitor to the sign-in page.
  { name: 'logout (signed out)', who: 'anonymous', path: '/logout', action: button('Sign in') },
  // A signed-in user.
  { name: 'home', who: 'user', path: '/', action: button('Sign out') },
  { name: 'security', who: 'user', path: '/security', action: button('Add an authenticator app') },
  {
    name: 'add an authenticator app',
    who: 'user',
    open: throughDeviceLink('Add an authenticator app', /add an authenticator app/, /\/security\/add\/totp\?grant=/),
    action: button('Add the app'),
  },
  {
    name: 'add a passkey',
    who: 'user',
    open: throughDeviceLink('Add a security key or passkey', /security key or passkey/, /\/security\/add\/webauthn\?grant=/),
    action: button('Register the security key or passkey'),
  },
  { name: 'tokens', who: 'user', path: '/tokens', action: heading('Your devices') },
  // An OpenID Connect sign-in's consent screen: a request of this user's waiting for consent, as the provider stores it.
  {
    name: 'consent',
    who: 'user',
    open: async (page, _data, user) => {
      const uid = seedInteraction(mainPortal(), { client: pagesOidcClient(), accountId: user?.id, scope: 'openid profile email groups' });
      await page.goto(`/consent/${uid}`);
    },
    action: button('Allow'),
  },
  { name: 'consent (not valid)', who: 'user', path: `/consent/${'x'.repeat(22)}`, action: heading(/expired or is not valid/) },
  {
    name: 'security with apps',
    who: 'user',
    open: async (page, _data, user) => {
      if (!user) throw new Error('apps with access need a signed-in user');
      seedConsentWithGrant(mainPortal(), { userId: user.id, client: pagesOidcClient(), scopes: 'email groups openid profile' });
      await page.goto('/security');
    },
    action: button(/Revoke access/),
  },
  { name: 'reauth', who: 'user', path: '/reauth?rd=%2Ftokens', action: button(/confirm|continue/i) },
  // Signed out, an unknown address leads to the sign-in page; signed in, to the not-found page.
  { name: 'not found', who: 'user', path: '/no-such-page', action: link(/./) },
  { name: 'logout (signed in)', who: 'user', path: '/logout', action: button('Sign out') },
  // The admin console.
  { name: 'admin overview', who: 'admin', path: '/admin', action: link('Users') },
  { name: 'admin users', who: 'admin', path: '/admin/users', action: link(/new user/i), tables: true },
  { name: 'admin new user', who: 'admin', path: '/admin/users/new', action: button(/create/i) },
  { name: 'admin user', who: 'admin', path: (d) => `/admin/users/${d.userId}`, action: button(/save/i), tables: true },
  { name: 'admin signups', who: 'admin', path: '/admin/signups', action: button(/invit/i), tables: true },
  { name: 'admin groups', who: 'admin', path: '/admin/groups', action: button(/create|add/i), tables: true },
  { name: 'admin group', who: 'admin', path: (d) => `/admin/groups/${d.groupId}`, action: button('Rename') },
  { name: 'admin bans', who: 'admin', path: '/admin/bans', action: heading('Bans'), tables: true },
  { name: 'admin rules', who: 'admin', path: '/admin/rules', action: link(/add rule/i), tables: true },
  { name: 'admin new rule', who: 'admin', path: '/admin/rules/new', action: button(/create|save|add/i) },
  { name: 'admin edit rule', who: 'admin', path: (d) => `/admin/rules/${d.ruleId}`, action: button(/save/i) },
  { name: 'admin test rules', who: 'admin', path: '/admin/rules/test', action: button(/test|check/i) },
  { name: 'admin rules transfer', who: 'admin', path: '/admin/rules/transfer', action: button(/import|check/i) },
  { name: 'admin proxy', who: 'admin', path: '/admin/proxy', action: heading(/proxy/i) },
  { name: 'admin settings', who: 'admin', path: '/admin/settings', action: button('Save address') },
  { name: 'admin import', who: 'admin', path: '/admin/import', action: button('Dry run') },
  { name: 'admin applications', who: 'admin', path: '/admin/applications', action: link(/add (your first )?application/i) },
  { name: 'admin new application', who: 'admin', path: '/admin/applications/new', action: button('Add application') },
  { name: 'admin paperless', who: 'admin', path: '/admin/paperless', action: button(/save/i) },
  { name: 'admin directory', who: 'admin', path: '/admin/directory', action: button('Test connection') },
  { name: 'admin oidc', who: 'admin', path: '/admin/oidc', action: button('Rotate signing keys'), tables: true },
  { name: 'admin audit', who: 'admin', path: '/admin/audit', action: button(/filter|show/i), tables: true },
  { name: 'admin mail', who: 'admin', path: '/admin/mail', action: button(/send/i) },
  { name: 'admin outbox message', who: 'admin', path: (d) => `/admin/mail/outbox/${d.outboxId}`, action: link('Outbox') },
  { name: 'admin tokens', who: 'admin', path: '/tokens', action: heading('Your devices'), tables: true },
];

/** One application with an OpenID Connect client for the pages that show one (made once, kept). */
const pagesOidcClient = () => seedOidcClient(mainPortal(), { id: 'pages-oidc-client', appName: 'Paperless (page scan)', clientName: 'Paperless web' });

export const pageNamed = (name: string): PortalPage => {
  const found = PAGES.find((p) => p.name === name);
  if (!found) throw new Error(`no page named ${name} in e2e/support/pages.ts`);
  return found;
};

/** A one-message .eml in the main portal's outbox folder (the portal lists it even with SMTP set). */
function writeOutboxMessage(): string {
  const dir = join(dirname(mainPortal().db), 'outbox');
  mkdirSync(dir, { recursive: true });
  const now = new Date();
  const id = `${now.toISOString().replace(/[-:.]/g, '')}-${randomBytes(4).toString('hex')}.eml`;
  const body = [
    'From: Gatehouse <sso@example.test>',
    'To: someone@example.test',
    'Subject: A message kept for the page scan',
    `Date: ${now.toUTCString()}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Open http://localhost/sign-in to sign in.',
    '',
  ].join('\r\n');
  writeFileSync(join(dir, id), body);
  return id;
}

/** What the pages under an id need: a user in a group, a hand-written rule, an outbox message, a password link. */
export async function preparePageData(): Promise<PageData> {
  const group = `pages-${randomBytes(3).toString('hex')}`;
  const user = await createUser(mainPortal(), { groups: [group], prefix: 'pages' });
  const ids = withDb(mainPortal(), (db) => {
    const groupId = (db.prepare('SELECT "id" FROM "Group" WHERE "name" = ?').get(group) as { id: string }).id;
    const existing = db.prepare('SELECT "id" FROM "AccessRule" WHERE "description" = ?').get('page scan rule') as { id: string } | undefined;
    const ruleId = existing?.id ?? `r${randomBytes(10).toString('hex')}`;
    if (!existing) {
      const position = (db.prepare('SELECT COALESCE(MAX("position"), 0) + 1 AS p FROM "AccessRule"').get() as { p: number }).p;
      db.prepare(
        'INSERT INTO "AccessRule" ("id","position","description","domains","paths","methods","subjects","networks","policy","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?,?,?,?,?)',
      ).run(
        ruleId,
        position,
        'page scan rule',
        '["pages-scan.example.test"]',
        '[]',
        '[]',
        JSON.stringify([[`group:${group}`]]),
        '[]',
        'two_factor',
        sqliteDate(new Date()),
        sqliteDate(new Date()),
      );
    }
    return { groupId, ruleId };
  });
  return {
    userId: user.id,
    ...ids,
    outboxId: writeOutboxMessage(),
    // A password link is single-use and a page visit does not use it, but each call makes a new one.
    passwordToken: () => {
      const token = randomBytes(32).toString('base64url');
      withDb(mainPortal(), (db) =>
        db
          .prepare('INSERT INTO "OneTimeToken" ("id","purpose","tokenHash","userId","createdAt","expiresAt") VALUES (?,?,?,?,?,?)')
          .run(
            `t${randomBytes(10).toString('hex')}`,
            'password_set',
            createHash('sha256').update(token).digest('hex'),
            user.id,
            sqliteDate(new Date()),
            sqliteDate(new Date(Date.now() + 3_600_000)),
          ),
      );
      return token;
    },
  };
}

/** A browser context signed in as `who` (a fresh user for 'user'), with the given options. */
export async function contextAs(
  browser: Browser,
  who: Who,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<{ context: BrowserContext; user: TestUser | null }> {
  const baseURL = mainPortal().url;
  if (who === 'admin') {
    const context = await anonymousContext(browser, baseURL, options);
    const state = JSON.parse(readFileSync(ADMIN_STATE, 'utf8')) as { cookies: Parameters<BrowserContext['addCookies']>[0] };
    await context.addCookies(state.cookies);
    return { context, user: null };
  }
  const context = await anonymousContext(browser, baseURL, options);
  if (who === 'anonymous') return { context, user: null };
  const user = await createUser(mainPortal(), { prefix: 'pages-user' });
  const page = await context.newPage();
  await signIn(page, user.username, user.password);
  await expect(page.getByTestId('signed-in-as')).toBeAttached();
  await page.close();
  return { context, user };
}

/** Opens `entry` in `page` and waits for its main content. */
export async function openPage(page: Page, entry: PortalPage, data: PageData, user: TestUser | null): Promise<void> {
  if (entry.open) await entry.open(page, data, user);
  else {
    const path = typeof entry.path === 'function' ? entry.path(data) : entry.path;
    if (!path) throw new Error(`${entry.name}: neither path nor open`);
    await page.goto(path);
  }
  await expect(page.locator('main')).toBeVisible();
  await page.waitForLoadState('networkidle');
}
