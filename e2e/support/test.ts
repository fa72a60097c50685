/**
 * The Playwright `test` every spec uses. It fails any test whose page reported a Content
 * Security Policy violation or an uncaught error, so a broken header or script never passes
 * silently.
 */
import { randomInt } from 'node:crypto';
import { expect, test as base, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { totpCodeAt, totpStep, TOTP_SETTINGS } from '../../lib/mfa/totp';
import { hasSavedAdmin, mainPortal, savedAdmin, setFactorProof, withDb } from './portal';

/**
 * A client address of its own for each browser context (the portals trust loopback proxies, so
 * they believe X-Forwarded-For from the test browser). Without it every test would share
 * 127.0.0.1, and the failed sign-ins several specs make on purpose would add up to a ban on the
 * address all of them use. Behind the nginx of the proxy project the header is replaced anyway.
 */
export const testClientAddress = () => `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;

export const test = base.extend<{ pageProblems: string[]; freshAdminProof: void }>({
  /**
   * Sudo mode asks for a factor proven within the last 10 minutes, and the e2e run is longer
   * than that: before each test, the saved admin's open two-factor sessions (ADMIN_STATE) are
   * marked as proven now, so specs about other things keep using them. Sudo mode itself —
   * stale proofs, the dialog, re-proving — is tested with admins of their own
   * (assurance.spec.ts, assurance-enumeration.spec.ts), never through this.
   */
  freshAdminProof: [
    async ({}, use) => {
      if (process.env.GATEHOUSE_E2E_DB && hasSavedAdmin()) {
        const row = withDb(
          mainPortal(),
          (db) => db.prepare('SELECT "id" FROM "User" WHERE "username" = ?').get(savedAdmin().username) as { id: string } | undefined,
        );
        if (row) setFactorProof(mainPortal(), row.id, new Date());
      }
      await use();
    },
    { auto: true },
  ],
  extraHTTPHeaders: async ({ extraHTTPHeaders }, use) => {
    await use({ 'x-forwarded-for': testClientAddress(), ...extraHTTPHeaders });
  },
  pageProblems: [
    async ({ context }, use) => {
      const problems: string[] = [];
      const watch = (page: Page) => {
        page.on('console', (message) => {
          if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
        });
        page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      };
      context.pages().forEach(watch);
      context.on('page', watch);
      await use(problems);
      expect(problems, 'the page reported CSP violations or errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Signs in through the form (username or email). */
export async function signIn(page: Page, login: string, password: string, path = '/sign-in'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Username or email').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** The last TOTP step each key was used for in this worker: the portal accepts a step once. */
const usedSteps = new Map<string, number>();

/**
 * A code for `secret` the portal has not seen yet: the current step's, or the next one's when
 * this one was used (waiting for it to come into the accepted window, ±1 step). `after`: a step
 * already used elsewhere (an enrolment).
 */
export async function freshTotpCode(secret: string, after?: number): Promise<string> {
  const periodMs = TOTP_SETTINGS.period * 1000;
  const used = Math.max(usedSteps.get(secret) ?? -Infinity, after ?? -Infinity);
  let step = Math.max(used + 1, totpStep(Date.now()));
  // A step more than one ahead of now is outside the window: wait until it is not.
  const wait = (step - 1) * periodMs - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 200));
  step = Math.max(used + 1, totpStep(Date.now()));
  usedSteps.set(secret, step);
  return totpCodeAt(secret, step * periodMs);
}

/** On the second-factor step: types a fresh code from the authenticator app with `secret`. */
export async function passSecondFactor(page: Page, secret: string): Promise<void> {
  await expect(page).toHaveURL(/\/sign-in\/second-factor/);
  await page.getByLabel('Code from your authenticator app').fill(await freshTotpCode(secret));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).not.toHaveURL(/\/sign-in\/second-factor/);
}

/** Signs in with the password and passes the second-factor step (a user with an authenticator app). */
export async function signInWithFactor(page: Page, user: { username: string; password: string; totpSecret: string }, path = '/sign-in'): Promise<void> {
  await signIn(page, user.username, user.password, path);
  await passSecondFactor(page, user.totpSecret);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

/**
 * A fresh browser context with no cookies. (Contexts made with browser.newContext() inside a
 * test inherit the project's `use` options, storage state included.)
 */
export function anonymousContext(browser: Browser, baseURL: string, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  return browser.newContext({
    ...options,
    extraHTTPHeaders: { 'x-forwarded-for': testClientAddress(), ...options.extraHTTPHeaders },
    baseURL,
    storageState: { cookies: [], origins: [] },
  });
}

export type CapturedPost = { headers: Record<string, string>; body: Buffer };

/**
 * Records the next POST the page sends to `urlGlob` (a server action call) without letting it
 * reach the server, so a test can replay it with other headers or another session.
 */
export async function capturePost(page: Page, urlGlob: string, submit: () => Promise<void>): Promise<CapturedPost> {
  let captured: CapturedPost | undefined;
  await page.route(urlGlob, async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    captured = { headers: route.request().headers(), body: route.request().postDataBuffer()! };
    await route.abort();
  });
  await submit();
  await expect.poll(() => captured).toBeDefined();
  await page.unroute(urlGlob);
  const headers = { ...captured!.headers };
  delete headers['content-length'];
  return { headers, body: captured!.body };
}
