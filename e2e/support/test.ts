/**
 * The Playwright `test` every spec uses. It fails any test whose page reported a Content
 * Security Policy violation or an uncaught error, so a broken header or script never passes
 * silently.
 */
import { randomInt } from 'node:crypto';
import { expect, test as base, type Browser, type BrowserContext, type Page } from '@playwright/test';

/**
 * A client address of its own for each browser context (the portals trust loopback proxies, so
 * they believe X-Forwarded-For from the test browser). Without it every test would share
 * 127.0.0.1, and the failed sign-ins several specs make on purpose would add up to a ban on the
 * address all of them use. Behind the nginx of the proxy project the header is replaced anyway.
 */
export const testClientAddress = () => `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;

export const test = base.extend<{ pageProblems: string[] }>({
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

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

/**
 * A fresh browser context with no cookies. (Contexts made with browser.newContext() inside a
 * test inherit the project's `use` options, storage state included.)
 */
export function anonymousContext(browser: Browser, baseURL: string, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  return browser.newContext({ ...options, extraHTTPHeaders: { 'x-forwarded-for': testClientAddress(), ...options.extraHTTPHeaders }, baseURL, storageState: { cookies: [], origins: [] } });
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
