/**
 * Keyboard only (Tab, Shift+Tab, Enter, Space; no mouse): signing in, adding an authenticator app,
 * and an admin creating a user. At every step the focused element shows a focus ring, and every
 * page in e2e/support/pages.ts starts with a link that skips to its main content.
 */
import type { Locator, Page } from '@playwright/test';
import { linkIn, waitForMail } from '../support/mailbox';
import { contextAs, openPage, PAGES, preparePageData, type PageData } from '../support/pages';
import { createUser, mainPortal } from '../support/portal';
import { expect, freshTotpCode, test } from '../support/test';
import { randomBytes } from 'node:crypto';

/** What the focused element looks like: described, and whether it draws a visible focus indicator. */
function focusState(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { described: 'body', ring: false, visible: false };
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 1;
    const shadow = style.boxShadow !== 'none' && style.boxShadow !== '';
    const box = el.getBoundingClientRect();
    const label = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? '';
    return { described: `<${el.tagName.toLowerCase()}> "${label}"`, ring: outline || shadow, visible: box.width > 1 && box.height > 1 };
  });
}

/** Tabs (forward, or backward with Shift) until `target` has focus; every stop must show a focus ring. */
async function tabTo(page: Page, target: Locator, { backwards = false, limit = 60 } = {}): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    const state = await focusState(page);
    if (state.described !== 'body') {
      expect(state.ring, `focus ring on ${state.described}`).toBe(true);
      expect(state.visible, `${state.described} is visible while focused`).toBe(true);
    }
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

test('signing in with the keyboard only', async ({ browser }) => {
  const user = await createUser(mainPortal(), { prefix: 'keys' });
  const { context } = await contextAs(browser, 'anonymous');
  const page = await context.newPage();
  await page.goto('/sign-in');
  await tabTo(page, page.getByLabel('Username or email'));
  await page.keyboard.type(user.username);
  await tabTo(page, page.getByLabel('Password'));
  await page.keyboard.type(user.password);
  // Back up one field and forward again: Shift+Tab works too.
  await tabTo(page, page.getByLabel('Username or email'), { backwards: true });
  await tabTo(page, page.getByRole('button', { name: 'Sign in', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('signed-in-as')).toBeAttached();
  await context.close();
});

test('adding an authenticator app with the keyboard only', async ({ browser }) => {
  test.setTimeout(90_000);
  const { context, user } = await contextAs(browser, 'user');
  const page = await context.newPage();
  await page.goto('/security');
  await tabTo(page, page.getByRole('button', { name: 'Add an authenticator app' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText(`We emailed a link to ${user!.email}`)).toBeVisible();
  // The mailed link is opened as a person would: typed or pasted into the address bar.
  await page.goto(linkIn(await waitForMail(user!.email, { subject: /add an authenticator app/ }), '/device/'));
  await tabTo(page, page.getByRole('button', { name: 'Continue' }));
  await page.keyboard.press('Space');
  await expect(page).toHaveURL(/\/security\/add\/totp\?grant=/);
  const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
  await tabTo(page, page.getByLabel('Code from the app'));
  await page.keyboard.type(await freshTotpCode(secret));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('recovery-code')).toHaveCount(10);
  await tabTo(page, page.getByRole('link', { name: 'I have saved them: continue' }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('factor-row')).toContainText('Authenticator app');
  await context.close();
});

test('an admin creates a user with the keyboard only', async ({ browser }) => {
  const { context } = await contextAs(browser, 'admin');
  const page = await context.newPage();
  await page.goto('/admin');
  await tabTo(page, page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Users' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/admin\/users$/);
  await tabTo(page, page.getByRole('link', { name: /new user/i }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/admin\/users\/new/);
  const username = `keys-${randomBytes(3).toString('hex')}`;
  await tabTo(page, page.getByLabel('Username'));
  await page.keyboard.type(username);
  await tabTo(page, page.getByLabel('Email'));
  await page.keyboard.type(`${username}@example.test`);
  await tabTo(page, page.getByLabel('Display name'));
  await page.keyboard.type('Kay Board');
  await tabTo(page, page.getByRole('button', { name: 'Create user and send link' }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('form-message')).toContainText(`Created ${username}.`);
  await context.close();
});

let data: PageData;
test.describe('skip link', () => {
  test.beforeAll(async () => {
    data = await preparePageData();
  });
  for (const entry of PAGES) {
    test(`${entry.name}: the first Tab offers a skip link to the main content`, async ({ browser }) => {
      const { context, user } = await contextAs(browser, entry.who);
      try {
        const page = await context.newPage();
        await openPage(page, entry, data, user);
        // A fresh load, so focus starts at the top of the document.
        if (entry.open) await page.goto(page.url());
        const skip = page.getByRole('link', { name: 'Skip to main content' });
        // It comes before everything else that takes focus…
        const first = await page.evaluate(() => {
          const focusable = [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, summary, [tabindex]')].filter(
            (el) => el.tabIndex >= 0 && !(el as HTMLButtonElement).disabled && (el as HTMLInputElement).type !== 'hidden',
          );
          return focusable[0]?.textContent?.trim();
        });
        expect(first).toBe('Skip to main content');
        // …so the first Tab reaches it, or, when the page put focus in its first field, Shift+Tab back.
        const autofocused = await page.evaluate(() => document.activeElement !== document.body && document.activeElement !== null);
        if (autofocused) {
          for (let i = 0; i < 40 && !(await skip.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Shift+Tab');
        } else await page.keyboard.press('Tab');
        await expect(skip).toBeFocused();
        const state = await focusState(page);
        expect(state.ring && state.visible, 'the skip link shows while focused').toBe(true);
        await page.keyboard.press('Enter');
        await expect(page.locator('main')).toBeFocused();
      } finally {
        await context.close();
      }
    });
  }
});
