/**
 * The portal's mark is drawn, not typed: the "⛨" character it used to be rendered as an empty box
 * on a Debian machine without a font that has it. Signed out and signed in, the header shows the
 * SVG shield, at its size, and no such character.
 */
import { createUser, mainPortal } from '../support/portal';
import { anonymousContext, expect, signIn, test } from '../support/test';

async function expectDrawnMark(page: import('@playwright/test').Page, size: number) {
  const logo = page.getByTestId('logo').first();
  await expect(logo).toBeVisible();
  expect(await logo.evaluate((node) => node.tagName.toLowerCase())).toBe('svg');
  const box = await logo.boundingBox();
  expect(box && Math.round(box.width)).toBe(size);
  expect(await page.locator('body').innerText()).not.toContain('⛨');
}

test('the sign-in page and the signed-in header show the drawn shield', async ({ browser }) => {
  const user = await createUser(mainPortal());
  const context = await anonymousContext(browser, mainPortal().url);
  const page = await context.newPage();
  await page.goto('/sign-in');
  await expectDrawnMark(page, 32);
  await signIn(page, user.username, user.password);
  await expect(page.getByRole('heading', { name: `Hello, ${user.displayName}` })).toBeVisible();
  await expectDrawnMark(page, 28);
  await context.close();
});
